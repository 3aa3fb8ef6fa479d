#include "harness/check/network_use.h"

#include <fmt/core.h>

#include <string>

#include "harness/check/causes.h"
#include "harness/check/peer_messages.h"

namespace netgrade::check {

Finding CheckBypassedProxy(const observe::Observation& obs) {
  if (obs.bypassed_proxy == 0) return Finding::Ok();
  bool server = obs.role->listens;
  const char* it = obs.bypassed_proxy == 1 ? "it" : "them";
  std::string what =
      IsUdp(obs)
          ? fmt::format("{} datagram{}", obs.bypassed_proxy, obs.bypassed_proxy == 1 ? "" : "s")
          : fmt::format("{} connection{}", obs.bypassed_proxy, obs.bypassed_proxy == 1 ? "" : "s");
  if (server)
    return Finding{.code = Code::kBypassedProxy,
                   .cause = fmt::format("{} sent {} straight to the reference client's own port, "
                                        "not back to the address each request came from: "
                                        "netgrade refused {}.",
                                        obs.program.display_name, what, it),
                   .fix = "Answer each datagram to the address recvfrom() gives."};
  return Finding{.code = Code::kBypassedProxy,
                 .cause = fmt::format("{} sent {} straight to the reference server's own port, not "
                                      "to the port it was given: netgrade plays the case's network "
                                      "faults on that port, so it refused {}.",
                                      obs.program.display_name, what, it),
                 .fix = "Use the host and port the program is given."};
}

Finding CheckTooManyConnections(const observe::Observation& obs) {
  if (obs.refused_connections == 0) return Finding::Ok();
  return Finding{
      .code = Code::kTooManyConnections,
      .cause =
          fmt::format("{} opened more than {} connections in one case (a connect() in a "
                      "loop?); netgrade reset the {} that came after.",
                      obs.program.display_name, peers::kMostConnections, obs.refused_connections),
      .fix =
          "A program for this exercise needs a few connections at most: open one, use it, "
          "close it."};
}

Finding CheckWrongProtocol(const observe::Observation& obs) {
  if (!obs.other_protocol_seen || !obs.connections.empty()) return Finding::Ok();
  bool udp = IsUdp(obs);
  Finding f{
      .code = Code::kWrongProtocol,
      .cause = fmt::format(
          "{} used {} to reach port {}, but this exercise uses {}: create the socket with {}.",
          obs.program.display_name, udp ? "TCP" : "UDP", obs.port, udp ? "UDP" : "TCP",
          udp ? "SOCK_DGRAM (and sendto/recvfrom)" : "SOCK_STREAM (and connect/send/recv)")};
  if (obs.program.exited) f.AddNote(CrashOf(obs).Text());
  return f;
}

}  // namespace netgrade::check
