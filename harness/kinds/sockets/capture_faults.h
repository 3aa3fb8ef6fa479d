// What the fault plan did, on the packets of a case's capture (run/case_capture.h), of a TCP or UDP
// case: the proxy is theirs: each action of the proxy's transcript that was not a plain pass (a
// drop, a hold, a duplicate, a delay, a reset) becomes a comment on the packet it was done to,
// which Wireshark shows beside it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/observe/packet_capture.h"
#include "harness/proxy/transcript.h"

namespace netgrade::sockets {

// Where the proxy sat: packets to `listen` and from `target` arrive at it, packets from
// `listen` and to `target` leave it.
struct ProxyPorts {
  int protocol = 0;           // IPPROTO_TCP or IPPROTO_UDP
  uint16_t listen = 0;        // where the proxy takes the first side's traffic
  uint16_t target = 0;        // where it passes it on
  bool student_first = true;  // the student's program is that first side (a client)
};

// The comments, by index into `packets`. A transcript entry is placed on the earliest packet
// not yet placed that fits it: the way it went (arriving at the proxy; leaving it for an
// entry that releases what was held), no later than the entry (for a release, no earlier),
// and carrying its first bytes. `start_ns`: when the transcript started (its entries' t_ms
// count from there), on the packets' clock. *unplaced: the actions no packet fits (their
// packets past the capture's bound).
std::map<size_t, std::string> FaultComments(const std::vector<observe::CapturedPacket>& packets,
                                            const proxy::Transcript& transcript,
                                            const ProxyPorts& ports, int64_t start_ns,
                                            size_t* unplaced);

}  // namespace netgrade::sockets
