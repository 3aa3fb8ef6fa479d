#include "harness/check/network_use.h"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness/check/causes.h"
#include "harness/check/port_advice.h"

namespace netgrade::check {

Finding CheckBypassedProxy(const observe::Observation& obs, const SocketTerms& terms) {
  if (obs.bypassed_proxy == 0) return Finding::Ok();
  bool server = obs.role->listens;
  const char* it = obs.bypassed_proxy == 1 ? "it" : "them";
  std::string what =
      fmt::format("{} {}{}", obs.bypassed_proxy, terms.contact, obs.bypassed_proxy == 1 ? "" : "s");
  if (server)
    return Finding{.code = Code::kBypassedProxy,
                   .cause = Say("{} sent {} straight to the reference client's own port, "
                                "not back to the address each request came from: "
                                "netgrade refused {}.",
                                obs.program.display_name, what, it),
                   .fix = "Answer each datagram to the address recvfrom() gives."};
  return Finding{.code = Code::kBypassedProxy,
                 .cause = Say("{} sent {} straight to the reference server's own port, not "
                              "to the port it was given: netgrade plays the case's network "
                              "faults on that port, so it refused {}.",
                              obs.program.display_name, what, it),
                 .fix = "Use the host and port the program is given."};
}

Finding CheckTooManyConnections(const observe::Observation& obs) {
  if (obs.refused_connections == 0) return Finding::Ok();
  return Finding{
      .code = Code::kTooManyConnections,
      .cause = Say("{} opened more than {} connections in one case (a connect() in a "
                   "loop?); netgrade reset the {} that came after.",
                   obs.program.display_name, peers::kMostConnections, obs.refused_connections),
      .fix =
          "A program for this exercise needs a few connections at most: open one, use it, "
          "close it."};
}

namespace {

// The ports a client's sends in the other protocol went to, where nothing listened (a UDP
// client in a TCP exercise sending to a port written in it): observe/stray_sends.h.
std::vector<uint16_t> OtherProtocolPorts(const observe::Observation& obs,
                                         const SocketTerms& terms) {
  std::vector<uint16_t> ports;
  if (obs.role->listens) return ports;
  for (const observe::StraySend& s : obs.stray_sends)
    if (s.proto != terms.proto && s.to_port != obs.port &&
        std::find(ports.begin(), ports.end(), s.to_port) == ports.end())
      ports.push_back(s.to_port);
  return ports;
}

}  // namespace

Finding CheckWrongProtocol(const observe::Observation& obs, const SocketTerms& terms) {
  if (!obs.connections.empty()) return Finding::Ok();
  std::vector<uint16_t> elsewhere = OtherProtocolPorts(obs, terms);
  if (!obs.other_protocol_seen && elsewhere.empty()) return Finding::Ok();
  // What it did, in the socket's own words: "sent UDP datagrams (a SOCK_DGRAM socket)".
  const std::string& did = terms.other_did;
  const std::string& socket = terms.create_socket;
  Finding f{.code = Code::kWrongProtocol};
  if (obs.other_protocol_seen) {
    f.cause =
        Say("{} {} to port {}, {}, but this exercise uses {}: create the socket "
            "with {}.",
            obs.program.display_name, did, obs.port, PortOrigin(obs), terms.name, socket);
  } else {
    std::string ports = elsewhere.size() == 1 ? fmt::format("port {}", elsewhere[0])
                                              : fmt::format("ports {}", fmt::join(elsewhere, ", "));
    f.cause = Say(
        "{} {} to {}, where nothing listens, but this exercise uses {}, and its reference server "
        "is at port {}, {}.",
        obs.program.display_name, did, ports, terms.name, obs.port, PortOrigin(obs));
    f.fix = JoinParts(
        {Say("Create the socket with {}, and {} the port it is given.", socket, terms.reach),
         PortAdvice(obs, elsewhere[0])});
  }
  if (obs.program.exited) f.AddNote(CrashOf(obs, terms).Text());
  return f;
}

}  // namespace netgrade::check
