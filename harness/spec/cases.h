// `cases:` of a spec, and the `defaults:` each case starts from: every key of a case read,
// then the rules that tie it together checked (check_spec.h) and its points settled.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The longest a timeout of the spec may be: a case's, its default, its build step's.
inline constexpr int64_t kMaxTimeoutMs = 10 * 60 * 1000;

// The keys of a case, and of `defaults:`.
const std::vector<std::string>& CaseKeys();
const std::vector<std::string>& DefaultsKeys();

// What the rest of the spec says that its cases are read with.
struct CaseContext {
  // `defaults:`.
  int timeout_ms = 5000;
  int cpu_limit_ms = 0;  // 0: enough for the whole case (run/case_runner.cc)
  int points = 1;
  bool protocol_unknown = false;  // 'protocol' could not be read
  // Roles whose 'listens' could not be read: the rules that depend on it are not checked.
  std::set<std::string> uncertain_roles;
};

// Reads the map `n` (`defaults:`) into `context`; errors go to `r`.
void LoadDefaults(const YAML::Node& n, YamlReader& r, CaseContext* context);

// Reads the list `cases` into spec->cases; `spec` holds what was read of the rest of the spec
// (its protocol, letters and roles). Errors go to `r`.
void LoadCases(const YAML::Node& cases, const CaseContext& context, YamlReader& r, Spec* spec);

}  // namespace netgrade::spec
