// `peer:` of a case: how the reference peer answers, frames and acknowledges messages, and
// the connections it opens with the messages each sends.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The keys of `peer:`, and of an item of its `connections`.
const std::vector<std::string>& PeerKeys();
const std::vector<std::string>& ConnectionKeys();

// Reads the map `n` into `peer`; errors go to `r`.
void LoadPeer(const YAML::Node& n, YamlReader& r, Peer* peer);

}  // namespace netgrade::spec
