#include "harness/base/error.h"

#include <cstring>

namespace netgrade {

SystemError::SystemError(const std::string& what, int errno_value)
    : std::runtime_error(what + ": " + std::strerror(errno_value)), errno_value_(errno_value) {}

}  // namespace netgrade
