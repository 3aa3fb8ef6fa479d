#pragma once

#include <cerrno>

namespace netgrade {

template <typename T>
T CheckSys(T result, const char* what) {
  if (result == static_cast<T>(-1)) throw SystemError(what, errno);
  return result;
}

}  // namespace netgrade
