#include "harness/spec/names.h"

#include <algorithm>
#include <cctype>

namespace netgrade::spec {

bool IsName(const std::string& s) {
  if (s.empty() || s.size() > 80) return false;
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

}  // namespace netgrade::spec
