#include "harness/check/wrong_port.h"

#include <fmt/core.h>

#include <algorithm>

#include "harness/check/port_advice.h"

namespace netgrade::check {
namespace {

// "port 12000", "ports 12000 and 12001", "ports 5000, 5001 and 5002".
std::string Ports(const std::vector<uint16_t>& ports) {
  std::string out = ports.size() == 1 ? "port " : "ports ";
  for (size_t i = 0; i < ports.size(); ++i) {
    if (i > 0) out += i + 1 == ports.size() ? " and " : ", ";
    out += std::to_string(ports[i]);
  }
  return out;
}

}  // namespace

observe::Observation AsRunOnItsPort(const observe::Observation& obs) {
  observe::Observation o = obs;
  if (o.listened_port == 0) return o;
  o.port = o.listened_port;
  o.listened_port = 0;
  o.ready = true;
  return o;
}

Finding ServerOnAnotherPort(const observe::Observation& obs, const Finding& rest) {
  std::string message =
      fmt::format("{} listens on port {}, not {}. {}", obs.program.display_name, obs.listened_port,
                  obs.port, PortAdvice(obs, obs.listened_port));
  if (rest.ok()) {
    bool answers = obs.test->expect.replies != spec::Transform::kNone;
    bool udp = obs.spec->protocol == spec::Protocol::kUdp;
    message +=
        fmt::format(" Run against port {}, it {}.", obs.listened_port,
                    answers ? fmt::format("answered every {} correctly", udp ? "datagram" : "line")
                            : "did everything else this case checks");
  } else {
    message += fmt::format(" Run against port {}: {}", obs.listened_port, rest.message);
  }
  return Finding{Code::kWrongPort, message};
}

Finding CheckStraySends(const observe::Observation& obs) {
  if (obs.role->listens || !obs.connections.empty()) return Finding::Ok();
  std::vector<uint16_t> ports;
  bool tcp = false;
  for (const observe::StraySend& s : obs.stray_sends) {
    if (s.to_port == obs.port) continue;  // the right port on another host: not a port's fault
    if (std::find(ports.begin(), ports.end(), s.to_port) == ports.end()) ports.push_back(s.to_port);
    tcp = tcp || s.proto == observe::SocketProto::kTcp;
  }
  if (ports.empty()) return Finding::Ok();
  // The advice says where the port came from (PortAdvice); where the exercise fixes the port,
  // the program was given none and is meant to have it written in.
  bool fixed = obs.role->port_via == spec::PortVia::kFixed;
  std::string advice = PortAdvice(obs, ports.front());
  if (tcp) {
    // never_connected, as where the refusal cannot be told from another case's (a shared
    // loopback): the verdict does not turn on how the grader could look, only its words.
    std::string instead =
        fixed ? fmt::format("not to {}", PortOrigin(obs)) : fmt::format("not to port {}", obs.port);
    return Finding{Code::kNeverConnected,
                   fmt::format("{} connected to {}, {}. Its connect() was refused: nothing "
                               "listens where it connected.{} {}",
                               obs.program.display_name, Ports(ports), instead,
                               fixed ? "" : " Is the port written in the program?", advice)};
  }
  std::string instead =
      fixed ? "." : fmt::format(", not to port {}: is the port written in the program?", obs.port);
  return Finding{Code::kWrongPort,
                 fmt::format("{} sent its datagrams to {}, where nothing listens{} {}",
                             obs.program.display_name, Ports(ports), instead, advice)};
}

std::string AnswersElsewhere(const observe::Observation& obs) {
  if (!obs.role->listens) return "";
  std::vector<uint16_t> ports;
  for (const observe::StraySend& s : obs.stray_sends)
    if (s.proto == observe::SocketProto::kUdp &&
        std::find(ports.begin(), ports.end(), s.to_port) == ports.end())
      ports.push_back(s.to_port);
  if (ports.empty()) return "";
  return fmt::format(" {} sent its answers to {}, where nothing listens.", obs.program.display_name,
                     Ports(ports));
}

}  // namespace netgrade::check
