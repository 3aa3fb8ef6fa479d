// The ICMP kind's keys of a spec (kinds/icmp/spec_parts.h): `path:` of a case, and `expect:`'s
// `echo_requests` and `ttl_probes`. Of the spec stage (netgrade_spec compiles it).
#pragma once

#include <string>
#include <vector>

#include "harness/kinds/icmp/spec_parts.h"
#include "harness/spec/kind_keys.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// Its entry of spec/kind_keys.h.
const KindKeys& IcmpKindKeys();

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
