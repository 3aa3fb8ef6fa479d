// What a UDP case's proxy did to which datagram, as a key two gradings of one seed must share
// (validate's flake check, the catalogue's "the same datagrams affected"). A TCP case has
// none: its bytes cross in pieces the kernel cuts, which no seed repeats.
#pragma once

#include <string>
#include <vector>

#include "harness/proxy/case_proxy.h"
#include "harness/spec/spec.h"

namespace netgrade::sockets {

// Which datagrams the plan affected, and how: not their text, which may differ from run to run
// with the same seed (a pinger's pings carry the time they were sent), nor how the two
// directions interleaved (a client may send its next datagram before an answer comes). Where
// the reference peer sends again on a timer, how many datagrams cross depends on how fast the
// program answers: the plan lands on other datagrams when a machine is loaded (a Java
// receiver's first ack later than the 300 ms timer), so only `fault_plan` is kept. Sorted.
std::vector<std::string> DatagramKey(const proxy::CaseProxy& proxy, const spec::Case& test,
                                     const std::string& fault_plan);

}  // namespace netgrade::sockets
