#include "harness/kinds/sockets/kind.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include "harness/kinds/sockets/socket_checks.h"
#include "harness/kinds/sockets/words.h"

namespace netgrade::sockets {
namespace {

// A program in the middle reaches netgrade's server by the name in a message: only the case's
// own name server may answer it, or the name goes to the machine's resolver.
std::string NeedsOwnNetwork(const spec::Spec& spec, const spec::Case& test) {
  const spec::Role* role = spec.FindRole(test.role);
  if (role != nullptr && spec::PlaysBothSides(test, role->listens))
    return "in this case netgrade plays both the program's client and the server it reaches by "
           "the name in a message: the name must be answered by a name server of the case's "
           "own, in a network namespace";
  return "";
}

kinds::Kind SocketKind(const char* name, const char* label, spec::Protocol protocol, int type,
                       int ip_protocol, const check::KindChecks& checks) {
  return kinds::Kind{
      .name = name,
      .label = label,
      .protocol = protocol,
      .raw_sockets = false,
      .socket_type = type,
      .ip_protocol = ip_protocol,
      .needs_own_network = NeedsOwnNetwork,
      .checks = checks,
      .codes = {},            // the codes its checks give are check/diagnosis.h's, every kind's
      .start_case = nullptr,  // the runner's own: a reference peer and the proxy
      .explain_case = CaseWords,
      .explain_role = RoleWords,
      .explain_expect = nullptr,  // the shared expect keys are every kind's (report/explain.cc)
      .runs_alone = nullptr,
  };
}

}  // namespace

const kinds::Kind& TcpKind() {
  static const kinds::Kind kTcp =
      SocketKind("tcp", "TCP", spec::Protocol::kTcp, SOCK_STREAM, IPPROTO_TCP, TcpChecks());
  return kTcp;
}

const kinds::Kind& UdpKind() {
  static const kinds::Kind kUdp =
      SocketKind("udp", "UDP", spec::Protocol::kUdp, SOCK_DGRAM, IPPROTO_UDP, UdpChecks());
  return kUdp;
}

}  // namespace netgrade::sockets
