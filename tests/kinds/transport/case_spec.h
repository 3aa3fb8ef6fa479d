// The spec of the transport case tests (transport_case_test.cc, case_settled_test.cc,
// case_evidence_test.cc): a sender's and a receiver's cases of reliable-transfer's packets over
// links the tests need.
#pragma once

#include <string>

#include "harness/spec/spec.h"
#include "tests/kinds/transport/transport_lab.h"

namespace netgrade::transport::testing_transport_case {

inline spec::Spec Spec() {
  std::string yaml = R"(exercise: rt
protocol: transport
packet:
  fields:
    type: {offset: 0, size: 1}
    flags: {offset: 1, size: 1}
    checksum: {offset: 2, size: 2}
    seq: {offset: 4, size: 4}
    len: {offset: 8, size: 2}
roles:
  sender: {names: [sender], listens: false, argv: ["{host}", "{port}", "data.bin", "8"]}
  receiver: {names: [receiver], listens: true, argv: ["{port}", "out.bin"]}
files:
  - {path: data.bin, text: "DATA", roles: [sender]}
  - {path: theirs.bin, text: "DATA", held_by: peer}
cases:
  - name: clean
    role: sender
    timeout: 10s
    transfer: {file: data.bin, window: 8}
    link: {rate: 10Mbit, delay: 10ms}
    expect: {delivered: true, well_formed: true, in_flight: {at_most: 8, reaching: 8}, exit_status: 0}
  - name: lossy
    role: sender
    timeout: 20s
    transfer: {file: data.bin, window: 8}
    link: {delay: 5ms, loss: 20%}
    expect: {delivered: true, exit_status: 0}
  - name: slow
    role: sender
    timeout: 20s
    transfer: {file: data.bin, window: 8}
    link: {rate: 10Mbit, delay: 25ms}
    expect: {delivered: true, goodput: {at_least: 50%}, exit_status: 0}
  - name: tiers
    role: sender
    points: 2
    timeout: 10s
    transfer: {file: data.bin, window: 8}
    link: {rate: 10Mbit, delay: 10ms, loss: 30%}
    expect:
      delivered: true
      goodput: {tiers: [{at_least: 1%, points: 1}, {at_least: 95%, points: 2}]}
      exit_status: 0
  - name: receive
    role: receiver
    timeout: 10s
    transfer: {file: theirs.bin, window: 4}
    link: {rate: 20Mbit, delay: 5ms}
    expect:
      files: [{path: out.bin, same_as: theirs.bin}]
      acks: cumulative
      exit_status: 0
)";
  return WithData(yaml, "rt.yaml");
}

}  // namespace netgrade::transport::testing_transport_case
