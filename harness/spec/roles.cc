#include "harness/spec/roles.h"

#include <fmt/core.h>

#include <algorithm>

#include "harness/spec/names.h"
#include "harness/spec/optional_key.h"
#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

void CheckRole(const Role& role, const YAML::Node& n, YamlReader& r) {
  if (role.port_via == PortVia::kEnv && role.port_env.empty())
    r.Error(n, fmt::format("role '{}' has port_via: env but no 'port_env' naming the variable",
                           role.name));
  if (role.port_via == PortVia::kFixed && role.fixed_port == 0)
    r.Error(n, fmt::format("role '{}' has port_via: fixed but no 'fixed_port'", role.name));
  if (n["port_env"] && role.port_via != PortVia::kEnv)
    r.Error(n["port_env"], "'port_env' goes with port_via: env");
  if (n["fixed_port"] && role.port_via != PortVia::kFixed)
    r.Error(n["fixed_port"], "'fixed_port' goes with port_via: fixed");
  for (const std::string& arg : role.argv)
    for (const std::string& p : Placeholders(arg))
      if (p != "{host}" && p != "{port}")
        r.Error(
            n["argv"],
            fmt::format("unknown placeholder {} in argv of role '{}' (use {{host}} or {{port}})",
                        Cut(p), role.name));
}

// The keys of the role map `n` into `role` (named already); false when `listens` could not
// be read.
bool ReadRole(const YAML::Node& n, YamlReader& r, Role* role) {
  bool certain = r.Required(n, "listens", fmt::format("role '{}'", Cut(role->name)));
  role->names.push_back(role->name);
  if (auto names = OptionalKey(r, n, "names", &YamlReader::StringList))
    for (const std::string& name : *names)
      if (std::find(role->names.begin(), role->names.end(), name) == role->names.end())
        role->names.push_back(name);
  if (auto b = OptionalKey(r, n, "listens", &YamlReader::Bool))
    role->listens = *b;
  else
    certain = false;
  role->argv = role->listens ? std::vector<std::string>{"{port}"}
                             : std::vector<std::string>{"{host}", "{port}"};
  if (auto argv = OptionalKey(r, n, "argv", &YamlReader::StringList)) role->argv = *argv;
  if (n["port_via"])
    if (auto v = r.Enum(n["port_via"], "port_via", {"argv", "env", "fixed"}))
      role->port_via = *v == "argv"  ? PortVia::kArgv
                       : *v == "env" ? PortVia::kEnv
                                     : PortVia::kFixed;
  if (auto e = OptionalKey(r, n, "port_env", &YamlReader::String)) role->port_env = *e;
  if (n["fixed_port"])
    if (auto p = r.Integer(n["fixed_port"], "fixed_port", 1, 65535))
      role->fixed_port = static_cast<int>(*p);
  if (n["connection_names"]) role->connection_names = ReadConnectionNames(n["connection_names"], r);
  CheckRole(*role, n, r);
  return certain;
}

}  // namespace

std::map<std::string, std::string> ReadConnectionNames(const YAML::Node& n, YamlReader& r) {
  std::map<std::string, std::string> names;
  if (!n.IsMap()) {
    r.Error(n,
            "'connection_names' is a map from a script's connection label to its name, such "
            "as {a: browser, o: origin}");
    return names;
  }
  r.NoDuplicateKeys(n, "'connection_names'");
  for (const auto& kv : n) {
    auto label = r.String(kv.first, "connection_names");
    auto name = r.String(kv.second, "connection_names");
    if (!label || !name) continue;
    if (name->find_first_not_of(" \t") == std::string::npos || name->size() > 40) {
      r.Error(kv.second, fmt::format("the name of connection '{}' is a few words (1 to 40 "
                                     "characters), such as 'browser'",
                                     Cut(*label)));
      continue;
    }
    names[*label] = *name;
  }
  return names;
}

const std::vector<std::string>& RoleKeys() {
  static const std::vector<std::string> keys = {
      "names", "listens", "argv", "port_via", "port_env", "fixed_port", "connection_names"};
  return keys;
}

void LoadRoles(const YAML::Node& roles, YamlReader& r, std::vector<Role>* out,
               std::set<std::string>* uncertain) {
  if (!roles.IsMap() || roles.size() == 0) {
    r.Error(roles, fmt::format("expected 'roles' to be a map of role names to roles, found {}",
                               roles.IsMap() ? "an empty map" : YamlReader::Found(roles)));
    return;
  }
  r.NoDuplicateKeys(roles, "'roles'");
  std::set<std::string> seen;
  for (const auto& kv : roles) {
    Role role;
    role.name = kv.first.IsScalar() ? kv.first.Scalar() : "";
    role.mark = YamlReader::MarkOf(kv.first);
    if (!seen.insert(role.name).second) continue;  // reported as given twice
    if (!IsName(role.name))
      r.Error(kv.first,
              fmt::format("a role name names the program, so it may hold only letters, digits, "
                          "'-' and '_', found {}",
                          YamlReader::Found(kv.first)));
    if (!r.Map(kv.second, fmt::format("role '{}'", Cut(role.name)), RoleKeys()) ||
        !ReadRole(kv.second, r, &role))
      uncertain->insert(role.name);
    out->push_back(role);
  }
}

}  // namespace netgrade::spec
