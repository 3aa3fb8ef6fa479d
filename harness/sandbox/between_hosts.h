// Whether a packet is on its way between a case's two hosts (two_hosts: the peer's namespace
// joined to the student's by veth). On one host the kernel delivers a datagram within the
// sender's call; between namespaces on a loaded machine it may wait in the backlog (or for the
// neighbour's answer) for tens of milliseconds, and a program at rest in recvfrom() meanwhile
// is not at rest at all (the udp-sender-receiver lab's receiver-from-another-computer, seen
// ending with no output at 0.2 s beside a loaded machine).
//
// Read from each namespace's IPv4 counters (/proc/net/snmp, opened inside it): what left the
// peer's namespace (OutRequests: only netgrade's peers send there) and has not yet been
// received in the student's (InReceives). The student's own loopback traffic counts there too:
// it can hide a packet on its way, never invent one.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "harness/base/clock.h"
#include "harness/base/fd.h"
#include "harness/sandbox/case_network.h"

namespace netgrade::sandbox {

class BetweenHosts {
 public:
  // Counters still unchanged after this long, with a packet unaccounted for, say the kernel
  // dropped it (a full backlog): it will never come.
  static constexpr auto kGivenUpAfter = std::chrono::milliseconds(300);

  // nullptr for one host, or when the counters cannot be read (then nothing is known to be on
  // its way, as before).
  static std::unique_ptr<BetweenHosts> Open(const CaseNetwork& network);

  // Whether a packet the peer's namespace sent has not reached the student's yet.
  bool Pending(TimePoint now);

  struct Counts {
    uint64_t sent = 0;      // the peer's namespace's OutRequests
    uint64_t received = 0;  // the student's namespace's InReceives
  };
  // Counting from `c` (read as the network was made, before the case's first packet), then
  // Pending() on counts read elsewhere (the tests).
  void Start(const Counts& c, TimePoint now);
  bool Pending(const Counts& now_counts, TimePoint now);
  BetweenHosts() = default;

 private:
  BetweenHosts(Fd peer, Fd student) : peer_(std::move(peer)), student_(std::move(student)) {}
  bool Read(Counts* out) const;

  Fd peer_, student_;
  Counts base_, last_;
  TimePoint last_change_{};
};

// The value of `field` on the "Ip:" lines of a /proc/net/snmp text; nullopt when absent.
std::optional<uint64_t> IpCounter(const std::string& snmp, const std::string& field);

}  // namespace netgrade::sandbox
