#include "harness/check/listening_checks.h"

#include <fmt/core.h>

#include <string>

#include "harness/check/causes.h"
#include "harness/check/language_words.h"
#include "harness/check/port_advice.h"
#include "harness/check/program.h"
#include "harness/check/timeout_note.h"
#include "harness/check/wrong_port.h"
#include "harness/observe/socket_info.h"

namespace netgrade::check {
namespace {

// A TCP exercise's server written with a SOCK_DGRAM socket dies in listen() (EOPNOTSUPP): the
// protocol is the cause, whether its UDP socket was seen before it died or not, and the crash
// says where (the traceback's line). A kind that listens with UDP sockets has its crash told
// as a crash.
Finding UdpSocketCrash(const observe::Observation& obs, const SocketTerms& terms) {
  if (!obs.program.exited || terms.proto != observe::SocketProto::kTcp) return Finding::Ok();
  const std::string& err = obs.program.stderr_text;
  if (err.find("Errno 95") == std::string::npos || err.find(".listen(") == std::string::npos)
    return Finding::Ok();
  Finding crash = CrashOf(obs, terms);
  if (crash.ok()) return crash;
  Finding f = crash;  // the same words, for the protocol
  f.code = Code::kWrongProtocol;
  return f;
}

}  // namespace

Finding CheckListening(const observe::Observation& obs, const SocketTerms& terms) {
  if (obs.ready) return Finding::Ok();
  if (Finding f = UdpSocketCrash(obs, terms); !f.ok()) return f;
  for (const observe::SocketInfo& s : obs.sockets) {
    if (!s.listening()) continue;
    if (s.proto != terms.proto && s.local_port == obs.port)
      return Finding{
          .code = Code::kWrongProtocol,
          .cause =
              Say("{} opened a {} socket on port {}, but this exercise uses {} (socket type {}).",
                  obs.program.display_name, s.proto == observe::SocketProto::kTcp ? "TCP" : "UDP",
                  obs.port, terms.name, terms.socket_type)};
  }
  for (const observe::SocketInfo& s : obs.sockets) {
    if (!s.listening() || s.proto != terms.proto) continue;
    return ListensOn(obs, s);
  }
  if (obs.program.exited) {
    if (Finding f = CrashOf(obs, terms); !f.ok()) return f;
    if (obs.program.left_behind)
      return Finding{.code = Code::kStoppedEarly,
                     .cause = Say("{} {} and left processes running in the background (a daemon, a "
                                  "fork()?); netgrade ends those with the program.",
                                  obs.program.display_name, check::DescribeExit(obs.program)),
                     .fix =
                         "It should have kept running to serve the next connection: a server loops "
                         "around accept() in the process that was started."};
    return Finding{
        .code = Code::kNeverListened,
        .cause = Say("{} {} without ever listening on port {}.", obs.program.display_name,
                     check::DescribeExit(obs.program), obs.port)};
  }
  return Finding{
      .code = Code::kNeverListened,
      .cause =
          Say("{} was still running after {} but never started listening on {} port {}, {} ({}).",
              obs.program.display_name, TimeGiven(obs), terms.name, obs.port, PortOrigin(obs),
              terms.bind_how),
      .evidence = LoadNote(obs)};
}

Finding CheckReachable(const observe::Observation& obs) {
  if (obs.test->topology != spec::Topology::kTwoHosts ||
      !observe::ListensOnlyOnLoopback(obs.sockets, obs.port))
    return Finding::Ok();
  return Finding{.code = Code::kLoopbackOnly,
                 .cause = Say(
                     "{} listens only on {}, so other computers cannot reach it; {} to "
                     "listen on every interface.",
                     obs.program.display_name,
                     [&] {
                       for (const observe::SocketInfo& s : obs.sockets)
                         if (s.listening() && s.local_port == obs.port) return s.local_address;
                       return std::string("127.0.0.1");
                     }(),
                     ListenEverywhere(obs.program.program_path))};
}

}  // namespace netgrade::check
