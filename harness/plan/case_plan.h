// The plan of one case, decided before anything runs: which side listens, the port, whether
// a proxy stands between the student and the peer and which way its faults go, the case's
// seed, and the program's command line, environment and standard input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/plan/fault_plan.h"
#include "harness/plan/submission.h"
#include "harness/spec/spec.h"

namespace netgrade::plan {

// The case's seed: the run's seed mixed with the case's name, so one case's faults do not
// move when another case is added.
uint64_t CaseSeed(uint64_t run_seed, const std::string& case_name);

// A proxy carries out the case's faults between the student and the peer. "Upstream" is
// client -> server: from the student when the student is the client, to it when it listens.
struct ProxyPlan {
  Direction upstream_is = Direction::kToStudent;
  spec::DirectionFaults upstream;
  spec::DirectionFaults downstream;
  uint64_t seed = 0;      // the case's (CaseSeed): the faults are drawn from it
  uint64_t run_seed = 0;  // the run's: the one a transcript names, since --seed replays it
  // UDP: a script socket follows the port its answers come from (spec::Step::follow); the
  // proxy then sends each flow's next datagram to the server's port its last answer came from.
  bool follow_server = false;
};

struct CasePlan {
  // The spec, case and program the plan was made from; they outlive it.
  const spec::Spec* spec = nullptr;
  const spec::Case* test = nullptr;
  const spec::Role* role = nullptr;
  const Program* program = nullptr;

  bool student_listens = false;  // the student's program is the server or receiver
  bool two_hosts = false;        // the peer and the student are on two hosts (a veth pair)
  bool udp = false;
  // The port named in the spec (port_via: fixed), or 0: a listening student gets a free one,
  // a listening peer one of the kernel's choosing.
  uint16_t fixed_port = 0;
  std::optional<ProxyPlan> proxy;  // only when the case has faults
  uint64_t run_seed = 0;           // the one --seed takes, shown to the student
  std::string stdin_data;          // the case's input lines, each with its newline

  // The program's argv, told to reach `host` and to use `port`.
  std::vector<std::string> Argv(const std::string& host, uint16_t port) const;
  // What the program's environment gets besides the sandbox's: the port, when the role
  // takes it from a variable.
  std::vector<std::string> Env(uint16_t port) const;
};

// `program` is the program of the case's role; the spec, case and program outlive the plan.
CasePlan PlanCase(const spec::Spec& spec, const spec::Case& test, const Program& program,
                  uint64_t run_seed);

// The program's argv, with "{host}" and "{port}" of `args` (spec::CaseArgv) filled in.
std::vector<std::string> Argv(const Program& program, const std::vector<std::string>& args,
                              const std::string& host, uint16_t port);
// The case's input lines, each with its newline.
std::string StdinData(const spec::Case& test);

}  // namespace netgrade::plan
