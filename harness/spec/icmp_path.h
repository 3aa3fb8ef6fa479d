// Loading `path:` of a case and `expect: echo_requests` (spec::IcmpPath, spec::EchoRequests).
#pragma once

#include <string>
#include <vector>

#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

const std::vector<std::string>& IcmpPathKeys();
const std::vector<std::string>& EchoRequestsKeys();

void LoadIcmpPath(const YAML::Node& n, YamlReader& r, IcmpPath* path);
// `echo_requests: 4` or `echo_requests: {count: 4, round_trips: true}` (or `free_form`,
// `sequence: any`, `keeps_pinging: true`: the textbook's pinger).
void LoadEchoRequests(const YAML::Node& n, YamlReader& r, EchoRequests* e);
const std::vector<std::string>& TtlProbesKeys();
// `ttl_probes: true` or `ttl_probes: {most_per_ttl: 3}`.
void LoadTtlProbes(const YAML::Node& n, YamlReader& r, TtlProbes* t);

}  // namespace netgrade::spec
