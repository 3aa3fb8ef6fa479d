// `faults:` of a case: what the network does to each direction of its traffic (drops,
// duplicates, holds, delays, slices, a reset), as the proxy will carry it out.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The keys of `faults:` (its two directions), and of one direction.
const std::vector<std::string>& FaultKeys();
const std::vector<std::string>& DirectionKeys();

// Reads the map `n` into `f`; errors go to `r`.
void LoadFaults(const YAML::Node& n, YamlReader& r, Faults* f);

}  // namespace netgrade::spec
