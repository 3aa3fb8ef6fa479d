#include "harness/plan/case_plan.h"

#include <algorithm>
#include <utility>

#include "harness/base/seed.h"

namespace netgrade::plan {

uint64_t CaseSeed(uint64_t run_seed, const std::string& case_name) {
  return SplitMix(run_seed + NameHash(case_name));
}

CasePlan PlanCase(const spec::Spec& spec, const spec::Case& test, const Program& program,
                  uint64_t run_seed) {
  CasePlan p;
  p.spec = &spec;
  p.test = &test;
  p.role = spec.FindRole(test.role);
  p.program = &program;
  p.student_listens = p.role->listens;
  p.two_hosts = test.topology == spec::Topology::kTwoHosts;
  p.udp = spec.protocol == spec::Protocol::kUdp;
  p.fixed_port = p.role->port_via == spec::PortVia::kFixed ? p.role->fixed_port : 0;
  p.run_seed = run_seed;
  p.stdin_data = StdinData(test);
  if (!test.faults.Empty()) {
    ProxyPlan proxy;
    // A listening student is the server: what goes upstream goes to it.
    proxy.upstream_is = p.student_listens ? Direction::kToStudent : Direction::kFromStudent;
    proxy.upstream = p.student_listens ? test.faults.to_student : test.faults.from_student;
    proxy.downstream = p.student_listens ? test.faults.from_student : test.faults.to_student;
    proxy.seed = CaseSeed(run_seed, test.name);
    proxy.run_seed = run_seed;
    proxy.follow_server = std::any_of(test.script.begin(), test.script.end(),
                                      [](const spec::Step& s) { return s.follow; });
    p.proxy = proxy;
  }
  return p;
}

std::vector<std::string> CasePlan::Argv(const std::string& host, uint16_t port) const {
  return plan::Argv(*program, spec::CaseArgv(*role, *test), host, port);
}

std::vector<std::string> CasePlan::Env(uint16_t port) const {
  if (role->port_via != spec::PortVia::kEnv) return {};
  return {role->port_env + "=" + std::to_string(port)};
}

std::vector<std::string> Argv(const Program& program, const std::vector<std::string>& args,
                              const std::string& host, uint16_t port) {
  std::vector<std::string> argv = program.command_prefix;
  argv.push_back(program.run_name.empty() ? program.path.string() : program.run_name);
  for (std::string arg : args) {
    for (auto [key, value] :
         {std::pair<std::string, std::string>{"{host}", host}, {"{port}", std::to_string(port)}}) {
      for (size_t at = arg.find(key); at != std::string::npos;
           at = arg.find(key, at + value.size()))
        arg.replace(at, key.size(), value);
    }
    argv.push_back(arg);
  }
  return argv;
}

std::string StdinData(const spec::Case& test) {
  std::string data;
  for (const std::string& line : test.stdin_lines) data += line + "\n";
  return data;
}

}  // namespace netgrade::plan
