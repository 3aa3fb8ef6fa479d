// Loading a transport lab's parts (kinds/transport/spec_parts.h): `packet:` at the top, a case's
// `link:` and `transfer:`, and the `expect:` keys that judge the protocol's own packets. Of the
// spec stage (netgrade_spec compiles it).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "harness/kinds/transport/spec_parts.h"
#include "harness/spec/kind_keys.h"
#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// Its entry of spec/kind_keys.h.
const KindKeys& TransportKindKeys();

const std::vector<std::string>& PacketKeys();
const std::vector<std::string>& PacketFieldKeys();
const std::vector<std::string>& LinkKeys();
const std::vector<std::string>& TransferKeys();
// The keys of `expect:` a transport lab adds.
const std::vector<std::string>& TransportExpectKeys();
// The diagnosis codes a transport case's `hints:` may name: its own (kinds/transport/codes.h,
// whose names tests/kinds/transport/codes_test.cc holds equal to these) and bad_checksum.
const std::vector<std::string>& TransportHintCodes();

void LoadPacket(const YAML::Node& n, YamlReader& r, PacketLayout* p);
// `spec_file`: a trace's file is read beside it.
void LoadLink(const YAML::Node& n, YamlReader& r, const std::string& spec_file, TransportLink* l);
void LoadTransfer(const YAML::Node& n, YamlReader& r, Transfer* t);
// `transfer: {peer: {folder: DIR, argv: [...]}}`: an instructor's program plays the other role
// (spec::PeerProgram), its folder beside the spec.
void LoadPeerProgram(const YAML::Node& n, YamlReader& r, const Spec& spec, Case* c);
// Reads this kind's keys of `expect:` `n` into its part (transport::ExpectOf), when any is
// there (spec_expect_keys.cc).
void LoadTransportExpect(const YAML::Node& n, YamlReader& r, Expect* e);

// A case or an `expect` holds one kind's part: where `held` is another kind's (a path of
// routers), each of `keys` given in `n` is an error at its place, and true (nothing of them is
// loaded); false where `held` is none or a `Part`, or none of them is given.
template <typename Part>
bool RefusedForAnotherKind(const YAML::Node& n, const std::vector<std::string>& keys,
                           const std::shared_ptr<const KindPart>& held, YamlReader& r) {
  if (!held || dynamic_cast<const Part*>(held.get())) return false;
  bool refused = false;
  for (const std::string& k : keys)
    if (n[k]) {
      r.Error(n[k], "'" + k + "' is for a spec of 'protocol: transport'");
      refused = true;
    }
  return refused;
}

// "10Mbit", "1.5 Mbit/s", "800kbit", "1Gbit": bits per second; nullopt (and `why`) otherwise.
std::optional<double> ParseBitRate(const std::string& text, std::string* why);
// A Mahimahi trace: one delivery opportunity per line, its ms; nullopt (and `why`) when empty,
// not numbers, not in order, or ending at 0.
std::optional<std::vector<uint32_t>> ParseTrace(const std::string& text, std::string* why);

// What a transport spec must hold together (after the whole spec is read): its packet, each
// case's transfer naming one of its files. Errors go to `r`.
void CheckTransportSpec(const Spec& spec, YamlReader& r);

}  // namespace netgrade::spec
