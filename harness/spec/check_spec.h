// The rules that tie the fields of a case together (a peer that connects needs a role that
// listens, ...), checked after the case is read.
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// What of a case could not be read (an error was reported for it): the rules that depend on
// it are skipped, so one typo gives one error rather than a page of follow-on errors.
struct Unreadable {
  bool role = false;  // the case's role, or whether that role listens
  bool peer = false;
  bool expect = false;
  bool protocol = false;
  bool script = false;              // some step of its script (the rest is still checked)
  std::vector<size_t> script_gaps;  // where steps that could not be read stood (LoadScript)
};

void CheckCase(const Spec& spec, const Case& c, const YAML::Node& node, YamlReader& reader,
               const Unreadable& failed = {});

}  // namespace netgrade::spec
