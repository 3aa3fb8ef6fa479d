#include "harness/run/case_runner.h"

#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "harness/base/address.h"
#include "harness/base/error.h"
#include "harness/check/judge.h"
#include "harness/observe/listening.h"
#include "harness/observe/observation.h"
#include "harness/observe/proc_sockets.h"
#include "harness/observe/udp_stall.h"
#include "harness/observe/waiting.h"
#include "harness/peers/peer.h"
#include "harness/peers/udp_peers.h"
#include "harness/plan/case_plan.h"
#include "harness/proxy/tcp_proxy.h"
#include "harness/proxy/udp_proxy.h"
#include "harness/run/grade.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/hosts_file.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/spawn.h"
#include "harness/sandbox/veth.h"

namespace netgrade::run {
namespace {

constexpr auto kReadinessPoll = std::chrono::milliseconds(1);
constexpr auto kExitGrace = std::chrono::milliseconds(300);
constexpr auto kUnterminatedWait = std::chrono::milliseconds(200);

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Drives one case; its members live exactly as long as the case.
class CaseRun {
 public:
  CaseRun(const spec::Spec& spec, const spec::Case& test, const plan::Program& program,
          const std::string& workdir, const RunOptions& options)
      : spec_(spec),
        test_(test),
        role_(*spec.FindRole(test.role)),
        program_(program),
        workdir_(workdir),
        options_(options) {
    obs_.spec = &spec_;
    obs_.test = &test_;
    obs_.role = &role_;
    obs_.timeout_ms = static_cast<int>(test.timeout_ms * options.timeout_multiplier);
    obs_.program.display_name = program.display_name;
  }

  check::CaseResult Run() {
    TimePoint start = Clock::now();
    deadline_ = start + std::chrono::milliseconds(obs_.timeout_ms);
    SetUpNetwork();
    // Everything below runs in the student's namespace: the sockets opened here stay there.
    sandbox::NetNamespace::Scope in_student(student_ns_.get());
    if (role_.listens) {
      obs_.port =
          role_.port_via == spec::PortVia::kFixed ? role_.fixed_port : PickFreePort(SocketType());
    } else {
      uint16_t port = role_.port_via == spec::PortVia::kFixed ? role_.fixed_port : 0;
      Address bound;
      sandbox::NetNamespace::Scope in_peer(peer_ns_.get());
      peer_ = peers::MakePassivePeer(loop_, spec_, test_, Address::Parse(peer_host_, port), &bound,
                                     UsesProxy() ? peers::WaitingProbe{} : StudentWaiting());
      obs_.port = bound.port();
      if (UsesProxy()) {
        // The student talks to the proxy, which passes to the peer: the student is the client.
        Address listen = Address::Parse(peer_host_, port);
        if (port != 0) bound = MovePeerAside(bound);
        StartProxy(listen, bound, test_.faults.from_student, test_.faults.to_student,
                   plan::Direction::kFromStudent);
        obs_.port = ProxyPort();
        // The port the student is given is the proxy's: watch the other protocol there.
        proxy_decoy_ = std::make_unique<peers::Decoy>(loop_, Address::Parse(peer_host_, obs_.port),
                                                      spec_.protocol == spec::Protocol::kUdp);
      }
    }
    StartProgram(peer_host_);
    if (role_.listens) {
      WaitUntilListening();
      // On two hosts, a program listening only on loopback is out of the peer's reach: that
      // is seen in its socket table now, with no connection to wait for (the judge says so).
      if (obs_.ready && !UnreachableFromPeerHost()) {
        sandbox::NetNamespace::Scope in_peer(peer_ns_.get());
        Address target = Address::Parse(student_host_, obs_.port);
        if (UsesProxy()) {
          // The peer talks to the proxy, which passes to the student: the student is the server.
          StartProxy(Address::Parse(peer_host_, 0), target, test_.faults.to_student,
                     test_.faults.from_student, plan::Direction::kToStudent);
          target = Address::Parse(peer_host_, ProxyPort());
        }
        peer_ = peers::MakeActivePeer(loop_, spec_, test_, target,
                                      UsesProxy() ? peers::WaitingProbe{} : StudentWaiting());
        peer_->Start();
        stdout_dirty_ = true;
        obs_.timed_out = !loop_.RunUntil([this] { return Settled(); }, deadline_);
      }
    } else {
      obs_.timed_out = !loop_.RunUntil([this] { return Settled(); }, deadline_);
    }
    return Finish(start);
  }

 private:
  bool UsesProxy() const { return !test_.faults.Empty(); }

  bool UnreachableFromPeerHost() const {
    return test_.topology == spec::Topology::kTwoHosts &&
           observe::ListensOnlyOnLoopback(obs_.sockets, obs_.port);
  }

  void StartProxy(const Address& listen, const Address& target,
                  const spec::DirectionFaults& upstream, const spec::DirectionFaults& downstream,
                  plan::Direction upstream_is) {
    proxy::ProxyOptions po;
    po.listen = listen;
    po.target = target;
    po.upstream = upstream;
    po.downstream = downstream;
    po.upstream_is = upstream_is;
    // The run's seed (the one --seed takes, shown in the report) mixed with the case's name,
    // so one case's faults do not move when another case is added.
    po.seed = CaseSeed(options_.seed, test_.name);
    if (spec_.protocol == spec::Protocol::kTcp) {
      tcp_proxy_ = std::make_unique<proxy::TcpProxy>(loop_, po);
      return;
    }
    proxy_ = std::make_unique<proxy::UdpProxy>(loop_, po);
    if (!role_.listens)
      stall_ = std::make_unique<observe::UdpStallWatch>(loop_, *proxy_, [this]() -> pid_t {
        return process_ && !process_->exit_info().exited ? process_->pid() : 0;
      });
  }

  // The student's program is seen waiting (every thread in recv(), accept(), poll()...).
  peers::WaitingProbe StudentWaiting() {
    return [this] {
      return process_ && !process_->exit_info().exited && observe::AllWaiting(process_->Pids());
    };
  }

  uint16_t ProxyPort() const { return proxy_ ? proxy_->port() : tcp_proxy_->port(); }

  // A fixed port belongs to the proxy; the peer moves to a port of the kernel's choosing.
  Address MovePeerAside(const Address& bound) {
    peer_.reset();
    Address moved;
    peer_ = peers::MakePassivePeer(loop_, spec_, test_, Address::Parse(bound.host(), 0), &moved);
    return moved;
  }

  int SocketType() const {
    return spec_.protocol == spec::Protocol::kTcp ? SOCK_STREAM : SOCK_DGRAM;
  }

  // A namespace for the case (two, joined by a veth pair, for two hosts) when allowed.
  void SetUpNetwork() {
    bool two_hosts = test_.topology == spec::Topology::kTwoHosts;
    if (!options_.isolate || !sandbox::NetNamespace::Available()) return;
    std::string why;
    student_ns_ = sandbox::NetNamespace::Create(&why);
    if (!two_hosts || !student_ns_) return;
    peer_ns_ = sandbox::NetNamespace::Create(&why);
    sandbox::TwoHosts hosts = sandbox::JoinWithVeth(*peer_ns_, *student_ns_);
    peer_host_ = hosts.peer_address;
    student_host_ = hosts.student_address;
  }

  void StartProgram(const std::string& host) {
    sandbox::SpawnOptions so;
    so.argv = plan::Argv(program_, role_, host, obs_.port);
    so.cwd = workdir_;
    so.env = sandbox::StudentEnvironment(workdir_);
    if (role_.port_via == spec::PortVia::kEnv)
      so.env.push_back(role_.port_env + "=" + std::to_string(obs_.port));
    so.stdin_data = plan::StdinData(test_);
    so.limits = options_.limits;
    if (options_.isolate) {
      std::string why;
      // RLIMIT_AS gives a clean MemoryError first; the cgroup is the backstop (at its own
      // limit, without swap, the kernel reclaims in vain before it kills).
      cgroup_ = sandbox::CaseCgroup::Create(
          options_.limits.processes, options_.limits.memory_bytes + (int64_t{512} << 20), &why);
      so.cgroup = cgroup_.get();
    }
    if (::geteuid() == 0) {
      so.uid = options_.student_uid;
      so.gid = options_.student_gid;
    }
    if (student_ns_) {
      so.hosts_file = hosts_path_ = sandbox::WriteHostsFile(host, student_host_);
      // Not for a program named outside the copy but under /tmp (--program): it would vanish.
      std::string prog = program_.path.string();
      so.private_tmp = prog.rfind("/tmp/", 0) != 0 || prog.rfind(workdir_ + "/", 0) == 0;
    }
    program_start_ = Clock::now();
    process_ = sandbox::Process::Start(so, loop_);
    process_->OnStdout([this] { stdout_dirty_ = true; });
  }

  // Polls the program's socket table until it listens on its port, it exits, or the case
  // times out. Observation only: no connection is made.
  void WaitUntilListening() {
    bool decided = false;
    uint64_t timer = 0;  // the next look, cancelled on the way out: it refers to locals
    std::function<void()> poll = [&] {
      timer = 0;
      obs_.sockets = observe::SocketsOf(process_->Pids());
      if (observe::ListeningOn(obs_.sockets, spec_.protocol, obs_.port)) {
        obs_.ready = decided = true;
        return;
      }
      for (const observe::SocketInfo& s : obs_.sockets)
        if (s.listening()) decided = true;  // listening elsewhere: a wrong port or protocol
      if (!decided) timer = loop_.At(Clock::now() + kReadinessPoll, poll);
    };
    poll();
    bool ok = loop_.RunUntil([&] { return decided || process_->finished(); }, deadline_);
    if (timer) loop_.Cancel(timer);
    obs_.timed_out = !ok;
  }

  bool Settled() {
    if (process_->exit_info().exited && !exit_time_) exit_time_ = Clock::now();
    if (stall_ && stall_->stall()) {
      obs_.stalled_after_drop = true;
      obs_.dropped_what = stall_->stall()->dropped_what;
      obs_.blocked_in = stall_->stall()->blocked.name;
      obs_.waits_too_long = stall_->stall()->blocked.has_timeout;
      return true;
    }
    if (process_->finished()) {
      // Exited: settle once the peer has seen the end of every connection.
      return !peer_ || role_.listens || peer_->done();
    }
    if (role_.listens && !peer_->done()) return false;
    if (!role_.listens && peer_ && UnterminatedWait()) return true;
    if (test_.expect.exit == spec::ExitRule::kRequired) return false;
    // The answers of a listening program are final once the peer is done; only what it
    // prints can still change.
    bool met = (role_.listens && test_.expect.stdout_source == spec::StdoutSource::kUnchecked) ||
               ExpectationsMet();
    if (!met || test_.expect.exit != spec::ExitRule::kRunning) return met;
    return StillRunning();
  }

  // A client that sent a message without its newline and waits for the answer will wait
  // forever (the reference server answers lines): seen waiting so for kUnterminatedWait
  // with nothing more coming, the case ends. Where the spec says the reference server
  // answers such a message (the textbook's client), it is answered once the client waits.
  bool UnterminatedWait() {
    if (!peer_->unterminated_pending()) {
      unterminated_since_.reset();
      return false;
    }
    if (test_.peer.answers_without_newline) {
      if (observe::AllWaiting(process_->Pids()))
        peer_->AnswerUnterminated();
      else if (!recheck_timer_)
        recheck_timer_ = loop_.At(Clock::now() + kReadinessPoll, [this] { recheck_timer_ = 0; });
      return false;
    }
    if (!recheck_timer_)
      recheck_timer_ =
          loop_.At(Clock::now() + std::chrono::milliseconds(5), [this] { recheck_timer_ = 0; });
    if (!observe::AllWaiting(process_->Pids())) {
      unterminated_since_.reset();
      return false;
    }
    size_t bytes = 0;
    for (const peers::ConnectionLog& l : PeerLog()) bytes += l.received.size();
    if (!unterminated_since_ || bytes != unterminated_bytes_) {
      unterminated_since_ = Clock::now();
      unterminated_bytes_ = bytes;
    }
    if (Clock::now() - *unterminated_since_ < kUnterminatedWait) return false;
    obs_.waits_after_unterminated = true;
    return true;
  }

  // `exit: running`: a program that has done its part may still be on its way out (a
  // receiver that prints one datagram and exits). It has shown it keeps running once it is
  // seen waiting again (in recv(), accept(), ...); until then, or until its exit is seen,
  // it is looked at again every millisecond.
  bool StillRunning() {
    if (process_->exit_info().exited) return true;  // settled: the judge says stopped_early
    if (observe::AllWaiting(process_->Pids())) return true;
    if (!recheck_timer_)
      recheck_timer_ = loop_.At(Clock::now() + kReadinessPoll, [this] { recheck_timer_ = 0; });
    return false;
  }

  bool ExpectationsMet() {
    if (!stdout_dirty_ && !peer_changed()) return last_met_;
    stdout_dirty_ = false;
    observe::Observation now = Snapshot();
    last_met_ = check::Judge(now).ok();
    return last_met_;
  }

  bool peer_changed() {
    size_t bytes = 0;
    for (const peers::ConnectionLog& l : PeerLog())
      bytes += l.received.size() + l.datagrams.size() + (l.eof ? 1 : 0) + (l.connected ? 1 : 0);
    bool changed = bytes != last_peer_bytes_;
    last_peer_bytes_ = bytes;
    return changed;
  }

  const std::vector<peers::ConnectionLog>& PeerLog() const {
    static const std::vector<peers::ConnectionLog> kNone;
    return peer_ ? peer_->log() : kNone;
  }

  observe::Observation Snapshot() {
    observe::Observation o = obs_;
    o.connections = PeerLog();
    if (peer_) o.sent_ahead = peer_->sent_ahead();
    o.other_protocol_seen =
        (peer_ && peer_->other_protocol_seen()) || (proxy_decoy_ && proxy_decoy_->seen());
    o.grader_loss = proxy_ && proxy_->kernel_drops() > 0;
    if (proxy_ && !role_.listens)
      o.dropped_not_resent = observe::DroppedNotResent(proxy_->transcript());
    o.stdout_text = process_->stdout_text();
    o.stdout_cut = process_->stdout_cut();
    const sandbox::ExitInfo& e = process_->exit_info();
    o.program.exited = e.exited && !e.killed_by_grader;
    o.program.status = e.status;
    o.program.signal = e.signal;
    o.program.stderr_text = process_->stderr_text();
    o.program.output_cut = process_->stdout_cut() || process_->stderr_cut();
    o.program.output_cap = options_.limits.output_bytes;
    o.program.process_limit = options_.limits.processes;
    o.program.memory_limit = options_.limits.memory_bytes;
    o.program.cpu_limit_s = options_.limits.cpu_seconds;
    o.program.file_size_limit = options_.limits.file_size_bytes;
    o.program.open_files_limit = options_.limits.open_files;
    if (cgroup_) {
      o.program.process_limit_hit = cgroup_->process_limit_hit();
      o.program.memory_limit_hit = cgroup_->memory_limit_hit();
    }
    return o;
  }

  check::CaseResult Finish(TimePoint start) {
    process_->DrainOutput();
    obs_.peer_state = peer_ ? peer_->Describe() : "the program never got ready";
    observe::Observation final_obs = Snapshot();
    check::Finding f = check::Judge(final_obs);
    if (!f.ok() && !process_->exit_info().exited && !obs_.stalled_after_drop) {
      // A program that is failing may be about to exit (a server that stops after its first
      // client): that explains the failure better, so let it, within a short bound.
      loop_.RunUntil([this] { return process_->exit_info().exited; }, Clock::now() + kExitGrace);
      process_->DrainOutput();
      final_obs = Snapshot();
      f = check::Judge(final_obs);
    }
    if (process_->exit_info().exited && !exit_time_) exit_time_ = Clock::now();
    TimePoint program_end = exit_time_.value_or(Clock::now());
    process_->Kill();
    if (peer_) peer_->Close();
    proxy_decoy_.reset();

    check::CaseResult r;
    r.name = test_.name;
    r.role = test_.role;
    r.description = test_.description;
    r.program = program_.display_name;
    r.max_score = test_.points;
    r.verdict = f.ok()                                  ? check::Verdict::kPass
                : f.code == check::Code::kGraderProblem ? check::Verdict::kGraderError
                                                        : check::Verdict::kFail;
    if (proxy_ || tcp_proxy_) {
      const proxy::Transcript& transcript =
          proxy_ ? proxy_->transcript() : tcp_proxy_->transcript();
      r.transcript = transcript.Lines();
      for (const proxy::TranscriptEntry& e : transcript.entries())
        r.events.push_back(
            {e.t_ms, e.direction == plan::Direction::kToStudent ? "to_student" : "from_student",
             e.index, e.size, e.text, e.action});
      if (proxy_) r.datagram_key = proxy_->transcript().LinesWithoutTimes();
      // The proxy names the seed it was given (the case's, derived); the student can only
      // replay with the run's, so that is the one shown.
      std::string derived = fmt::format("seed {})", CaseSeed(options_.seed, test_.name));
      std::string shown = fmt::format("seed {})", options_.seed);
      auto show_run_seed = [&](std::string& l) {
        if (size_t at = l.find(derived); at != std::string::npos)
          l.replace(at, derived.size(), shown);
      };
      for (std::vector<std::string>* lines : {&r.transcript, &r.datagram_key})
        for (std::string& l : *lines) show_run_seed(l);
      for (check::TranscriptEvent& e : r.events) show_run_seed(e.action);
      r.fault_plan = DescribeFaults();
      r.transcript.insert(r.transcript.begin(), r.fault_plan);
    }
    r.code = f.code;
    r.message = f.message;
    r.score = f.ok() ? test_.points : 0;
    r.seed = options_.seed;
    r.wall_ms = Ms(Clock::now() - start);
    r.student_ms = Ms(program_end - program_start_);
    return r;
  }

  const spec::Spec& spec_;
  const spec::Case& test_;
  const spec::Role& role_;
  const plan::Program& program_;
  std::string workdir_;
  RunOptions options_;
  // Removes the hosts file after everything else (declared first, destroyed last).
  struct RemoveFile {
    std::string& path;
    ~RemoveFile() {
      if (!path.empty()) ::unlink(path.c_str());
    }
  };
  std::string hosts_path_;
  RemoveFile remove_hosts_{hosts_path_};
  std::unique_ptr<sandbox::NetNamespace> student_ns_;
  std::unique_ptr<sandbox::NetNamespace> peer_ns_;  // two hosts only
  std::string peer_host_ = "127.0.0.1";             // where the student's program finds the peer
  std::string student_host_ = "127.0.0.1";          // where the peer finds the student's program
  EventLoop loop_;
  TimePoint deadline_;
  TimePoint program_start_;
  std::optional<TimePoint> exit_time_;
  observe::Observation obs_;
  std::unique_ptr<peers::Peer> peer_;
  std::string DescribeFaults() const {
    std::string to = plan::Describe(test_.faults.to_student),
                from = plan::Describe(test_.faults.from_student);
    return fmt::format(
        "fault plan (seed {}): {}{}{}", options_.seed, to.empty() ? "" : "to the student: " + to,
        !to.empty() && !from.empty() ? "; " : "", from.empty() ? "" : "from the student: " + from);
  }

  std::unique_ptr<proxy::UdpProxy> proxy_;
  std::unique_ptr<proxy::TcpProxy> tcp_proxy_;
  std::unique_ptr<peers::Decoy> proxy_decoy_;
  std::unique_ptr<observe::UdpStallWatch> stall_;
  uint64_t recheck_timer_ = 0;
  std::optional<TimePoint> unterminated_since_;
  size_t unterminated_bytes_ = 0;
  std::unique_ptr<sandbox::CaseCgroup> cgroup_;  // outlives process_: Kill() uses it
  std::unique_ptr<sandbox::Process> process_;
  bool stdout_dirty_ = true;
  bool last_met_ = false;
  size_t last_peer_bytes_ = SIZE_MAX;
};

}  // namespace

check::CaseResult RunCase(const spec::Spec& spec, const spec::Case& test,
                          const plan::Program& program, const std::string& workdir,
                          const RunOptions& options) {
  CaseRun run(spec, test, program, workdir, options);
  return run.Run();
}

}  // namespace netgrade::run
