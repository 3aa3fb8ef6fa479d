// The rules that tie the fields of a case together (a peer that connects needs a role that
// listens, ...), checked after the case is read.
#pragma once

#include <yaml-cpp/yaml.h>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

void CheckCase(const Spec& spec, const Case& c, const YAML::Node& node, YamlReader& reader);

}  // namespace netgrade::spec
