#include "harness/check/port_advice.h"

#include <fmt/core.h>

#include <algorithm>

#include "harness/sandbox/veth.h"

namespace netgrade::check {
namespace {

// The argument of the case's command line that holds its port (spec::PortArgument).
size_t PortArgumentOf(const observe::Observation& obs) {
  return obs.test != nullptr ? spec::PortArgument(spec::CaseArgv(*obs.role, *obs.test))
                             : spec::PortArgument(obs.role->argv);
}

}  // namespace

Phrase PortOrigin(const observe::Observation& obs) {
  const spec::Role& role = *obs.role;
  switch (role.port_via) {
    case spec::PortVia::kFixed:
      return Say("the exercise's port {}", CasePort{obs.port});
    case spec::PortVia::kEnv:
      return Say("given in the environment variable {}", role.port_env);
    case spec::PortVia::kArgv:
      break;
  }
  size_t i = PortArgumentOf(obs);
  if (i == 0) return Say("given on its command line");
  return Say("given on its command line (sys.argv[{0}] / argv[{0}])", i);
}

Phrase PortAdvice(const observe::Observation& obs, uint16_t used) {
  const spec::Role& role = *obs.role;
  switch (role.port_via) {
    case spec::PortVia::kFixed:
      return Say("The exercise says port {}; your program uses {}. Write port {} into the program.",
                 CasePort{obs.port}, used, CasePort{obs.port});
    case spec::PortVia::kEnv:
      return Say(
          "netgrade gave it port {} in the environment variable {}: read the port from there "
          "(int(os.environ['{}']) in Python, atoi(getenv(\"{}\")) in C) instead of writing it "
          "into the program.",
          CasePort{obs.port}, role.port_env, role.port_env, role.port_env);
    case spec::PortVia::kArgv:
      break;
  }
  size_t i = std::max<size_t>(PortArgumentOf(obs), 1);
  return Say(
      "netgrade gave it port {} on its command line: take the port from there (sys.argv[{}] / "
      "argv[{}]) instead of writing it into the program.",
      CasePort{obs.port}, i, i);
}

std::string WrittenAddress(const std::string& address) {
  std::string a = address.rfind("::ffff:", 0) == 0 ? address.substr(7) : address;
  const sandbox::TwoHosts hosts;  // the addresses a two-computer case gives its hosts
  if (a.empty() || a == "0.0.0.0" || a == "::" || a == "::1" || a.rfind("127.", 0) == 0 ||
      a == hosts.peer_address || a == hosts.student_address)
    return "";
  return a;
}

}  // namespace netgrade::check
