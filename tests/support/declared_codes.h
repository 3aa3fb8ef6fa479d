// The diagnosis codes a header of the source tree declares, read from its text: each
// "static constexpr CodeInfo kName{"name"...}" (check/diagnosis.h) or
// "static constexpr check::CodeInfo ..." (a kind's codes.h). A test compares them with the
// codes registered, so that a code declared and left out of its list fails.
#pragma once

#include <fstream>
#include <regex>
#include <set>
#include <span>
#include <sstream>
#include <string>

#include "harness/check/diagnosis.h"

namespace netgrade::testing {

inline std::set<std::string> DeclaredCodeNames(const std::string& header) {
  std::ifstream in(std::string(NETGRADE_SOURCE_DIR) + "/" + header);
  std::stringstream text;
  text << in.rdbuf();
  const std::string source = text.str();
  const std::regex declared(R"(static constexpr (?:check::)?CodeInfo k\w+\{"(\w+)\")");
  std::set<std::string> names;
  for (auto it = std::sregex_iterator(source.begin(), source.end(), declared);
       it != std::sregex_iterator(); ++it)
    names.insert((*it)[1]);
  return names;
}

// The names of `codes`, each once ("" in the set marks a name given twice).
inline std::set<std::string> NamesOf(std::span<const check::Code> codes) {
  std::set<std::string> names;
  for (check::Code c : codes)
    if (!names.insert(std::string(c.name())).second) names.insert("");
  return names;
}

}  // namespace netgrade::testing
