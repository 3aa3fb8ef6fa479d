// The wrappers of ci/modes/ that imitate the machines users have, built into build/ci/modes:
// ModeTool("docker-caps"), ModeTool("no-userns"), ModeTool("deny-uid-map").
#pragma once

#include <string>

namespace netgrade::testing_support {

inline std::string ModeTool(const std::string& name) {
  return std::string(NETGRADE_MODE_TOOLS) + "/" + name;
}

}  // namespace netgrade::testing_support
