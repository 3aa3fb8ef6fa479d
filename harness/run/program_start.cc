#include "harness/run/program_start.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "harness/kinds/kind.h"
#include "harness/observe/listening.h"
#include "harness/observe/owner_sight.h"
#include "harness/observe/proc_sockets.h"
#include "harness/run/contain.h"
#include "harness/sandbox/hosts_file.h"
#include "harness/sandbox/spawn.h"

namespace netgrade::run {

bool FeedsStdin(const spec::Case& test) {
  return std::any_of(test.script.begin(), test.script.end(), [](const spec::Step& s) {
    return s.action == spec::Step::Action::kStdin || s.action == spec::Step::Action::kCloseStdin;
  });
}

ProgramLaunch::ProgramLaunch(const plan::CasePlan& plan, const std::string& workdir,
                             const RunOptions& options, int timeout_ms,
                             sandbox::CaseNetwork& network, const std::string& host,
                             uint16_t port) {
  sandbox::SpawnOptions& so = options_;
  so.argv = plan.Argv(host, port);
  so.cwd = workdir;
  so.env = sandbox::StudentEnvironment(workdir);
  for (std::string& var : plan.Env(port)) so.env.push_back(std::move(var));
  so.read_only = plan.program->read_only;  // its interpreter's installation (pyenv's, nvm's)
  so.stdin_data = plan.stdin_data;
  so.stdin_open = FeedsStdin(*plan.test);
  so.limits = options.limits;
  so.limits.cpu_seconds = CpuLimitSeconds(*plan.test, timeout_ms, options.timeout_multiplier);
  // A host name of the case's own, from its seed: no fixed name tells the program it is graded.
  const uint64_t case_seed = plan::CaseSeed(plan.run_seed, plan.test->name);
  network.NameStudentHost(sandbox::CaseHostName(case_seed));
  cgroup_ = ContainStudentCode(options, network, &so);
  // A kind's program that makes raw sockets does so in the case's own network only (its case
  // starts it there; not run where netgrade cannot make one).
  so.net_raw = kinds::RawSockets(*plan.spec);
  if (so.contain) so.pid_after = sandbox::CasePidAfter(case_seed);  // nor a fixed PID
  if (so.uid > 0 && !observe::ReadsOtherUsersDescriptors())
    sight_ = observe::OwnerSight::Start(static_cast<uid_t>(so.uid), static_cast<gid_t>(so.gid));
}

std::unique_ptr<sandbox::Process> ProgramLaunch::Start(EventLoop& loop) {
  sandbox::SpawnOptions so = options_;
  if (starts_++ > 0) so.stdin_data.clear();
  return sandbox::Process::Start(so, loop);
}

Readiness LookAtReadiness(const std::vector<pid_t>& pids, observe::SocketProto proto,
                          uint16_t port) {
  Readiness r;
  // The namespace's listeners only (sock_diag, tens of microseconds), not the whole socket
  // tables: the kernel signals no listen(), so this is looked at again and again.
  r.sockets = observe::ListenersOf(pids);
  if (observe::ListeningOn(r.sockets, proto, port)) {
    r.on_port = r.decided = true;
    return r;
  }
  // On another port (written in the program): the case runs against that port, so the
  // diagnosis can say how the rest behaved, not only that the port is wrong.
  if (std::optional<uint16_t> other = observe::ListeningElsewhere(r.sockets, proto, port)) {
    r.elsewhere = *other;
    r.decided = true;
    return r;
  }
  // The other protocol on the case's port: a wrong protocol, decided. Elsewhere it is not: a
  // TCP server's UDP socket, bound to an ephemeral port by its first sendto() (a name looked
  // up, a datagram sent) before its listen(), would end the wait for that listen() unseen.
  for (const observe::SocketInfo& s : r.sockets)
    if (s.listening() && s.local_port == port) r.decided = true;
  return r;
}

ListeningWatch::ListeningWatch(EventLoop& loop, std::function<std::vector<pid_t>()> pids,
                               observe::SocketProto proto, uint16_t port,
                               std::function<void(const Readiness&)> decided)
    : loop_(loop),
      pids_(std::move(pids)),
      proto_(proto),
      port_(port),
      decided_(std::move(decided)) {}

ListeningWatch::~ListeningWatch() {
  if (timer_) loop_.Cancel(timer_);
}

void ListeningWatch::Start() { Look(); }

void ListeningWatch::Look() {
  timer_ = 0;
  last_ = LookAtReadiness(pids_(), proto_, port_);
  if (!last_.decided) {
    // The case's deadline bounds the loop that runs this watch.
    timer_ = loop_.Look(backoff_.Next(loop_.Now(), TimePoint::max()), [this] { Look(); });
    return;
  }
  // `decided` may destroy this watch: it runs from a copy, and nothing here is touched after.
  std::function<void(const Readiness&)> decided = decided_;
  Readiness seen = last_;
  decided(seen);
}

}  // namespace netgrade::run
