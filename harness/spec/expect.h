// `expect:` of a case: the built-in checks (replies, stdout, received, exit) and the
// instructor's own (line rules, exit_status, no_traceback).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The keys of `expect:` besides the line rules' (line_rules.h: LineRuleKeys).
const std::vector<std::string>& ExpectKeys();

// Reads the map `n` into `e`; errors go to `r`.
void LoadExpect(const YAML::Node& n, YamlReader& r, Expect* e);

// Whether `e` checks nothing at all, so that any program would pass (a case needs a check
// here or in its script).
bool ExpectsNothing(const Expect& e);

}  // namespace netgrade::spec
