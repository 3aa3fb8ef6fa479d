// `roles:` of a spec: each role's name and the names its program may have, whether it
// listens, its argv and how it is told its port.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// `connection_names: {a: browser, o: origin}`, at the top level or a role's: a name of a few
// words for each script label; errors go to `r`.
std::map<std::string, std::string> ReadConnectionNames(const YAML::Node& n, YamlReader& r);

// The keys of a role.
const std::vector<std::string>& RoleKeys();

// Reads the map `roles` into `out`; errors go to `r`. The roles whose `listens` could not be
// read go to `uncertain`: the rules that depend on it are not checked for their cases.
void LoadRoles(const YAML::Node& roles, YamlReader& r, std::vector<Role>* out,
               std::set<std::string>* uncertain);

}  // namespace netgrade::spec
