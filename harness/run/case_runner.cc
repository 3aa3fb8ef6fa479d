#include "harness/run/case_runner.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "harness/base/address.h"
#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/base/proc.h"
#include "harness/check/fixed_host.h"
#include "harness/check/judge.h"
#include "harness/check/notes.h"
#include "harness/check/program.h"
#include "harness/check/wrong_port.h"
#include "harness/observe/blocked_reading.h"
#include "harness/observe/busy.h"
#include "harness/observe/listening.h"
#include "harness/observe/observation.h"
#include "harness/observe/snapshot.h"
#include "harness/observe/sock_diag.h"
#include "harness/observe/stray_sends.h"
#include "harness/observe/udp_stall.h"
#include "harness/observe/waiting.h"
#include "harness/peers/peer.h"
#include "harness/peers/udp_peers.h"
#include "harness/plan/case_plan.h"
#include "harness/proxy/case_proxy.h"
#include "harness/run/cap_watch.h"
#include "harness/run/case_deadline.h"
#include "harness/run/case_result.h"
#include "harness/run/program_start.h"
#include "harness/run/rest_watch.h"
#include "harness/run/settle_rules.h"
#include "harness/run/student_control.h"
#include "harness/sandbox/case_network.h"
#include "harness/sandbox/copy_space.h"
#include "harness/sandbox/dns_answerer.h"
#include "harness/sandbox/netns.h"

namespace netgrade::run {
namespace {

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
        options_(options),
        thresholds_(options.thresholds.Scaled(options.timeout_multiplier)),
        start_(Clock::now()),
        plan_(plan::PlanCase(spec, test, program, options.seed)),
        network_(options.isolate, plan_.two_hosts) {
    obs_.spec = &spec_;
    obs_.test = &test_;
    obs_.role = &role_;
    obs_.timeout_ms = static_cast<int>(test.timeout_ms * options.timeout_multiplier);
    obs_.stall_after = thresholds_.stall_after_drop;
    obs_.program.display_name = program.display_name;
    obs_.program.program_path = program.path.string();
  }

  check::CaseResult Run() {
    deadline_.emplace(start_, std::chrono::milliseconds(obs_.timeout_ms));
    MakeControl();
    // Everything below runs in the student's namespace: the sockets opened here stay there.
    sandbox::NetNamespace::Scope in_student(network_.student());
    const std::string& peer_host = network_.peer_host();
    // Whatever address the student's program dials leads to the peer (or the proxy): they
    // listen on every address of their namespace (CaseNetwork::listen_host).
    const std::string listen_host = network_.listen_host();
    if (plan_.student_listens) {
      // In a namespace of the case's own the port comes from the seed; on a network shared
      // with other runs it starts at random, or two runs of one seed would pick the same.
      std::optional<uint64_t> start;
      if (network_.isolated()) start = plan::CaseSeed(plan_.run_seed, test_.name);
      obs_.port = plan_.fixed_port ? plan_.fixed_port : PickFreePort(SocketType(), start);
    } else {
      uint16_t port = plan_.fixed_port;
      Address bound;
      if (network_.isolated()) StartNameServer(peer_host);
      sandbox::NetNamespace::Scope in_peer(network_.peer());
      Address at = Address::Parse(UsesProxy() ? peer_host : listen_host, port);
      peer_ = peers::MakePassivePeer(
          loop_, spec_, test_, at, &bound, UsesProxy() ? peers::WaitingProbe{} : StudentWaiting(),
          thresholds_, control_.get(), UsesProxy() ? peers::WaitingProbe{} : StudentResting(),
          UsesProxy() ? peers::WaitingProbe{} : StudentRestingSurely());
      obs_.port = bound.port();
      if (UsesProxy()) {
        // The student talks to the proxy, which passes to the peer: the student is the client.
        Address listen = Address::Parse(listen_host, port);
        if (port != 0) bound = MovePeerAside(bound);
        StartProxy(listen, bound);
        OnlyThroughProxy();
        obs_.port = proxy_->port();
        // The port the student is given is the proxy's: watch the other protocol there.
        proxy_decoy_ = std::make_unique<peers::Decoy>(loop_, Address::Parse(listen_host, obs_.port),
                                                      plan_.udp);
      }
      WatchStraySends(bound.port());
    }
    StartProgram(peer_host);
    if (plan_.student_listens) {
      WaitUntilListening();
      // On two hosts, a program listening only on loopback is out of the peer's reach: that
      // is seen in its socket table now, with no connection to wait for (the judge says so).
      if (obs_.ready && !UnreachableFromPeerHost()) {
        WatchAnswers();
        sandbox::NetNamespace::Scope in_peer(network_.peer());
        // A server on another port is graded there: the rest of its case is told too.
        Address target = Address::Parse(network_.student_host(), StudentPort());
        if (UsesProxy()) {
          // The peer talks to the proxy, which passes to the student: the student is the server.
          StartProxy(Address::Parse(peer_host, 0), target);
          target = Address::Parse(peer_host, proxy_->port());
        }
        peer_ = peers::MakeActivePeer(
            loop_, spec_, test_, target, UsesProxy() ? peers::WaitingProbe{} : StudentWaiting(),
            thresholds_, control_.get(), UsesProxy() ? peers::WaitingProbe{} : StudentResting(),
            UsesProxy() ? peers::ReadingProbe{} : StudentReading(),
            UsesProxy() ? peers::WaitingProbe{} : StudentRestingSurely());
        if (UsesProxy()) OnlyThroughProxy();
        // Once a receiver has answered elsewhere twice running, the next resend changes
        // nothing: it is not sent, whenever the grader gets to settle the case.
        peer_->HoldResendsWhen([this] { return AnswersElsewhereDecided(); });
        peer_->Start();
        stdout_dirty_ = true;
        obs_.timed_out = !RunUntilDeadline([this] { return Settled(); });
      }
    } else {
      obs_.timed_out = !RunUntilDeadline([this] { return Settled(); });
    }
    return Finish();
  }

 private:
  bool UsesProxy() const { return plan_.proxy.has_value(); }

  // Who the peer takes traffic from (peers/admission.h); nullptr without a peer that can be
  // reached around the proxy.
  peers::Admission* Admission() const { return peer_ ? peer_->admission() : nullptr; }

  // Connections past peers::kMostConnections, reset by the peer or the proxy.
  size_t RefusedConnections() const {
    return (peer_ ? peer_->refused_connections() : 0) +
           (proxy_ ? proxy_->refused_connections() : 0);
  }

  // The proxy plays the case's faults: the peer takes traffic from it alone (admission.h).
  void OnlyThroughProxy() {
    if (peers::Admission* a = Admission())
      a->OnlyFrom([this](const Address& source) { return proxy_ && proxy_->Carried(source); });
  }

  // A name the program looks up leads to the peer too (sandbox/dns_answerer.h). Best effort:
  // without it such a name fails to resolve, as it would have anyway.
  void StartNameServer(const std::string& peer_host) {
    try {
      names_ = std::make_unique<sandbox::DnsAnswerer>(loop_, peer_host);
    } catch (const std::exception&) {
    }
  }

  // The address or name the program used, when it was not the one it was given.
  void NoteHostUse(check::CaseResult* r) {
    if (plan_.student_listens) return;
    check::HostUse use;
    use.program = program_.display_name;
    for (const std::string& arg : role_.argv)
      if (arg.find("{host}") != std::string::npos) use.host_given = true;
    use.peer_host = network_.peer_host();
    use.datagrams = plan_.udp;
    if (proxy_) use.dialled.push_back(proxy_->dialled());
    for (const peers::ConnectionLog& l : PeerLog()) use.dialled.push_back(l.dialled);
    if (names_) use.names = names_->names();
    // Without a network of its own, the textbook's placeholder names resolve only where this
    // machine's hosts file maps them, or where one is this machine's own name (nss-myhostname
    // resolves that without the file).
    if (!network_.isolated()) {
      char own[256] = {};
      ::gethostname(own, sizeof own - 1);
      use.hosts_names = check::NamesInHostsFile(ReadFile("/etc/hosts").value_or("") +
                                                "\n127.0.1.1 " + own + "\n");
    }
    bool reached = std::any_of(use.dialled.begin(), use.dialled.end(),
                               [](const std::string& d) { return !d.empty(); });
    check::NoteHostUse(use, network_.isolated(), reached, [this] { return ProgramSource(); }, r);
  }

  // The program's source: itself (a script), or beside it (client.c for client).
  std::optional<std::string> ProgramSource() const {
    std::vector<std::filesystem::path> sources = check::SourcesOf(program_.path.string());
    if (sources.empty()) return std::nullopt;
    return check::ReadSource(sources.front());
  }

  bool UnreachableFromPeerHost() const {
    return plan_.two_hosts && observe::ListensOnlyOnLoopback(obs_.sockets, StudentPort());
  }

  // Where a listening program listens: the port it was given, or the one it used instead.
  uint16_t StudentPort() const { return obs_.listened_port ? obs_.listened_port : obs_.port; }

  // A client's datagrams or connections to ports where nothing listens (a port written in
  // the program) are seen as they happen, so the case ends at once and names the port.
  // `peer_port`: where the reference peer itself listens (observe/stray_sends.h).
  void WatchStraySends(uint16_t peer_port) {
    // Without a proxy, a UDP client's datagram to the peer's port closed (the script stopped
    // the peer) is a loss: the stall watch reads it as it reads the plan's drops.
    std::function<void(const std::string&)> lost;
    if (plan_.udp && !proxy_) {
      closed_losses_ = std::make_unique<observe::ClosedPortLosses>(loop_, [this] {
        size_t n = 0;
        for (const peers::ConnectionLog& l : PeerLog()) n += l.datagrams.size();
        return n;
      });
      lost = [this](const std::string& payload) { closed_losses_->Lost(payload); };
    }
    stray_ = observe::WatchClientSends(
        loop_, plan_.udp ? observe::SocketProto::kUdp : observe::SocketProto::kTcp,
        network_.isolated(), obs_.port, {obs_.port, peer_port},
        [this] { return process_ ? process_->Pids() : std::vector<pid_t>{}; }, std::move(lost));
    obs_.sends_visible = stray_ && stray_->available() && network_.isolated();
    if (closed_losses_ && stray_ && stray_->available())
      stall_ = std::make_unique<observe::UdpStallWatch>(
          loop_, closed_losses_->Feed(), [this] { return LivePid(); },
          thresholds_.stall_after_drop);
  }

  // The client's main process, or 0 once it has exited.
  pid_t LivePid() const {
    return process_ && !process_->exit_info().exited ? process_->program_pid() : 0;
  }

  // A UDP server's answers to ports where nothing listens (a client address written in it),
  // for its diagnosis.
  void WatchAnswers() {
    if (plan_.udp) stray_ = observe::WatchServerAnswers(loop_, StudentPort());
  }

  // Everything the client sent went to ports where nothing listens and nothing reached the
  // peer: that will not change, the case is settled.
  bool AllSentElsewhere() const {
    if (plan_.student_listens || !stray_ || stray_->seen().empty() || !PeerLog().empty())
      return false;
    if (proxy_)
      for (const proxy::TranscriptEntry& e : proxy_->transcript().entries())
        if (e.direction == plan::Direction::kFromStudent) return false;
    return true;
  }

  // A listening UDP program answered a reference sender that resends (peer.await) at a port
  // where nothing listens, and the sender sent the same message twice more with nothing back:
  // it resends until the case's end, and the program answers elsewhere each time.
  bool AnswersElsewhereDecided() const {
    return plan_.student_listens && stray_ && !stray_->seen().empty() && peer_ &&
           peer_->unanswered_resends() >= 2;
  }
  // And settled once the last resend has passed the proxy (it is in the transcript, which the
  // same seed must repeat: under load the kernel delivers it to the proxy after the sender's
  // call).
  bool AnsweredElsewhere() const {
    return AnswersElsewhereDecided() && !PacketsInBacklog() && !loop_.AnyWatchedReady();
  }

  void StartProxy(const Address& listen, const Address& target) {
    proxy_ = std::make_unique<proxy::CaseProxy>(loop_, *plan_.proxy, plan_.udp, listen, target,
                                                thresholds_);
    if (proxy_->udp() && !plan_.student_listens)
      stall_ = std::make_unique<observe::UdpStallWatch>(
          loop_, *proxy_->udp(), [this] { return LivePid(); }, thresholds_.stall_after_drop);
  }

  // The student's program is seen waiting (every thread in recv(), accept(), poll()...).
  peers::WaitingProbe StudentWaiting() {
    return [this] {
      return process_ && !process_->exit_info().exited && observe::AllWaiting(process_->Pids());
    };
  }

  // The student's program is at rest (observe::Resting: blocked with no timeout of its own),
  // or gone: a script's waiting step that rests so for rest_for has waited in vain
  // (peers/script_peer.h).
  peers::WaitingProbe StudentResting() {
    return [this] {
      return !process_ || process_->exit_info().exited ||
             observe::Resting(process_->Pids()).has_value();
    };
  }

  // And surely so (RestingCall: nothing to read where it waits, nothing it wrote held by its
  // kernel), or gone: a script's waiting step decides once it is so at two looks in a row
  // (ScriptPlayer::NothingInFlight). Not through a proxy: bytes the proxy holds are not seen.
  peers::WaitingProbe StudentRestingSurely() {
    return [this] {
      return !process_ || process_->exit_info().exited || RestingCall(process_->Pids()).has_value();
    };
  }

  // The sockets the student's program is asleep reading (observe/blocked_reading.h).
  peers::ReadingProbe StudentReading() {
    return [this] {
      if (!process_ || process_->exit_info().exited) return std::vector<uint64_t>{};
      return observe::SocketsBlockedReading(process_->Pids());
    };
  }

  // A fixed port belongs to the proxy; the peer moves to a port of the kernel's choosing.
  Address MovePeerAside(const Address& bound) {
    peer_.reset();
    Address moved;
    peer_ = peers::MakePassivePeer(loop_, spec_, test_, Address::Parse(bound.host(), 0), &moved, {},
                                   thresholds_, control_.get());
    return moved;
  }

  int SocketType() const {
    return spec_.protocol == spec::Protocol::kTcp ? SOCK_STREAM : SOCK_DGRAM;
  }

  void StartProgram(const std::string& host) {
    launch_ = std::make_unique<ProgramLaunch>(plan_, workdir_, options_, obs_.timeout_ms, network_,
                                              host, obs_.port);
    program_start_ = loop_.Now();
    process_ = StartProcess();
    WatchCaps();
  }

  // Where no cgroup caps the program's memory or processes, they are looked at instead
  // (run/cap_watch.h): over its memory, the program is stopped as a cgroup would stop it.
  void WatchCaps() {
    const sandbox::CaseCgroup* cgroup = launch_->cgroup();
    bool memory_capped = cgroup && cgroup->caps_memory();
    bool processes_capped = cgroup && cgroup->caps_processes();
    CapWatch::Setup setup;
    setup.loop = &loop_;
    setup.pids = [this] { return process_ ? process_->Pids() : std::vector<pid_t>{}; };
    // The cgroup's own backstop (run/contain.cc): RLIMIT_DATA stops one process first.
    if (!memory_capped)
      setup.max_memory_bytes = options_.limits.memory_bytes + (int64_t{512} << 20);
    if (!processes_capped) setup.max_processes = options_.limits.processes;
    setup.over_memory = [this] { process_->Kill(); };
    // What it writes in its copy: a tmpfs copy refuses writes past it by itself; a copy on
    // the disk stops the program there.
    setup.workdir = workdir_;
    setup.over_disk = [this] {
      if (!sandbox::CopyIsBounded(workdir_)) process_->Kill();
    };
    caps_ = std::make_unique<CapWatch>(std::move(setup));
  }

  // A scripted case's control over its program, made before the peer that plays the script
  // (peers/script_peer.h), which holds it: a passive peer exists before the program starts.
  // It only acts once the program runs (its first step comes on the loop's first round).
  void MakeControl() {
    if (!test_.script.empty()) {
      StudentControl::Setup setup;
      setup.loop = &loop_;
      setup.process = &process_;
      setup.start = [this] { return StartProcess(); };
      setup.protocol = spec_.protocol;
      setup.port = [this] { return StudentPort(); };
      setup.stop_grace = thresholds_.stop_grace;
      setup.spin_cpu = thresholds_.spin_cpu;
      setup.deadline = [this] { return deadline_->at(); };
      setup.carry_run_delay = [this](int64_t ns) { deadline_->CarryOver(ns); };
      setup.record = &obs_.restart;
      // The script peer (peers/script_peer.h) plays its case-level steps through it.
      control_ = std::make_unique<StudentControl>(std::move(setup));
    }
  }

  // The program, started as at the case's start (a script's `start: student` too).
  std::unique_ptr<sandbox::Process> StartProcess() {
    std::unique_ptr<sandbox::Process> p = launch_->Start(loop_);
    p->OnStdout([this] { stdout_dirty_ = true; });
    stdout_dirty_ = true;
    return p;
  }

  // Looks at the program's socket table until it listens on its port, it exits, or the case
  // times out. Observation only: no connection is made.
  void WaitUntilListening() {
    bool decided = false;
    ListeningWatch watch(
        loop_, [this] { return process_->Pids(); }, spec_.protocol, obs_.port,
        [&](const Readiness& r) {
          decided = true;
          obs_.ready = r.on_port || r.elsewhere != 0;
          obs_.listened_port = r.elsewhere;
        });
    watch.Start();
    bool ok = RunUntilDeadline([&] { return decided || process_->finished(); });
    obs_.sockets = watch.last().sockets;
    obs_.timed_out = !ok;
  }

  // Runs the loop until `settled` or the case's deadline, which moves for the machine's load
  // (run/case_deadline.h).
  bool RunUntilDeadline(const std::function<bool()>& settled) {
    return deadline_->RunUntil(loop_, settled, [this] { return ProgramRunDelayNs(); });
  }

  // The longest any of the program's processes waited for a CPU since it started.
  int64_t ProgramRunDelayNs() const { return process_ ? LongestRunDelayNs(process_->Pids()) : 0; }

  bool Settled() {
    // A script's stop or start of the program is under way: its exit is not its end.
    if (control_ && control_->holds_case() && !(peer_ && peer_->done())) return false;
    if (process_->exit_info().exited && !exit_time_) exit_time_ = loop_.Now();
    // A failed step ends its script, and the judge gives it first (check/script_checks): the
    // verdict is decided, whatever the program does next.
    if (peer_ && peer_->done() && peer_->script_failure() != nullptr) {
      // A step waited in vain for a client at rest after its datagram was lost: the stall
      // says why (no timeout), and the judge gives it before the step.
      if (stall_ && LivePid() > 0 && observe::Resting(process_->Pids()))
        stall_->SettleAtRest(LivePid());
      RecordStall();
      return true;
    }
    // A flood filled what the peer records in a case: the verdict is decided (too_much_data),
    // and waiting on would only spend the grader's time.
    const std::vector<peers::ConnectionLog>& log = PeerLog();
    if (std::any_of(log.begin(), log.end(),
                    [](const peers::ConnectionLog& l) { return l.received_cut; }))
      return true;
    // So do connections past the cap (too_many_connections).
    if (RefusedConnections() > 0) return true;
    // And traffic that came around the proxy (bypassed_proxy).
    if (peers::Admission* a = Admission(); a && a->refused() > 0) return true;
    if (AllSentElsewhere() || AnsweredElsewhere()) return true;
    if (RecordStall()) return true;
    if (process_->finished()) {
      // Exited: settle once the peer has seen the end of every connection, and the proxy has
      // passed on what the program sent before it exited, and the peer has read it (a datagram
      // it delays is on its way, as on a real network; one held `late` waits for nothing more
      // and is not waited for).
      // (A server's exit decides its case: a reference client that resends would keep timers
      // due until its own bound.)
      if (plan_.student_listens) return true;
      if (proxy_ && (loop_.actions_pending() > 0 || loop_.AnyWatchedReady())) return false;
      return !peer_ || peer_->done();
    }
    if (!plan_.student_listens && peer_ && UnterminatedWait()) return true;
    // A script still playing judges the program's rest itself, step by step (it looks where
    // the program sleeps first: one_client_at_a_time); the case's own rule would end the case
    // under the step and leave it only "nothing came".
    // Nor, once the script is over, a program that must still exit: its last answer may be on
    // its way to it (seen flaky: an SMTP client ended at rest before reading "221 Bye"); it is
    // settled by its exit, or its timeout bounds the failure.
    const bool script_over = !peer_ || peer_->done();
    const bool must_exit = test_.expect.exit == spec::ExitRule::kRequired;
    if ((test_.script.empty() || (script_over && !must_exit)) && AtRest()) return true;
    if (SpunInsteadOfExiting()) return true;
    if (plan_.student_listens && !peer_->done()) return false;
    if (test_.expect.exit == spec::ExitRule::kRequired) return false;
    // The answers of a listening program are final once the peer is done; only what it
    // prints can still change.
    bool met =
        (plan_.student_listens && test_.expect.stdout_source == spec::StdoutSource::kUnchecked) ||
        ExpectationsMet();
    if (!met || test_.expect.exit != spec::ExitRule::kRunning) return met;
    return StillRunning();
  }

  // The stall after a loss, once seen, for the judge (check/udp_timeout).
  bool RecordStall() {
    if (!stall_ || !stall_->stall()) return false;
    obs_.stalled_after_drop = true;
    obs_.dropped_what = stall_->stall()->dropped_what;
    obs_.lost_to_closed_port = stall_->stall()->closed_port_text;
    obs_.blocked_in = stall_->stall()->blocked.name;
    obs_.waits_too_long = stall_->stall()->blocked.has_timeout;
    obs_.timeout_unseen = stall_->stall()->blocked.timeout_unknown;
    return true;
  }

  // The program is at rest (run/rest_watch.h): what it did is final. Looked at soon after
  // anything happens, and at least every kRestLook while the case runs.
  bool AtRest() {
    std::optional<std::string> call = RestingCallUntil(deadline_->at());
    if (!call) return false;
    obs_.at_rest_in = *call;
    obs_.at_rest_ms = Ms(loop_.Now() - rest_.since().value_or(loop_.Now()));
    obs_.program.asleep_after_input =
        process_->stdin_closed() && call->find("nanosleep") != std::string::npos;
    // A UDP client silent after a drop, which no timeout will wake: the stall is certain now.
    if (stall_ && stall_->SettleAtRest(process_->program_pid())) return Settled();
    return true;
  }

  // The call the program rests in (the rest rule, with `until` as the deadline: a timer due
  // before it is a wake-up), once what it printed is read to the end (output still in the
  // pipe is activity); nullopt before. Records nothing: AtRest() does, for the judge.
  std::optional<std::string> RestingCallUntil(TimePoint until) {
    std::optional<std::string> call = rest_.Look(
        ActivityMark(), [this] { return process_->Pids(); }, until, [this] { LookForSpinning(); });
    if (!call) return std::nullopt;
    size_t mark = ActivityMark();
    process_->DrainOutput();
    if (ActivityMark() != mark) return std::nullopt;
    return call;
  }

  // Changes whenever the program prints, or anything crosses to or from it.
  size_t ActivityMark() {
    size_t mark = process_->stdout_text().size() + process_->stderr_text().size() + PeerMark();
    if (proxy_) mark += proxy_->transcript().entries().size();
    return mark;
  }

  // Changes whenever the reference peer connects, sends, receives or sees an end.
  size_t PeerMark() const {
    size_t mark = 0;
    for (const peers::ConnectionLog& l : PeerLog())
      mark += l.received.size() + l.datagrams.size() + l.sent.size() + (l.eof ? 1 : 0) +
              (l.connected ? 1 : 0) + (l.reset ? 1 : 0);
    return mark;
  }

  // A client that sent a message without its newline and waits for the answer will wait
  // forever (the reference server answers lines): seen waiting so for unterminated_wait
  // with nothing more coming, the case ends. Where the spec says the reference server
  // answers such a message (the textbook's client), it is answered once the client waits.
  bool UnterminatedWait() {
    if (!peer_->unterminated_pending()) {
      unterminated_.Reset();
      return false;
    }
    if (test_.peer.answers_without_newline) {
      if (observe::AllWaiting(process_->Pids()))
        peer_->AnswerUnterminated();
      else if (!recheck_timer_)
        recheck_timer_ = loop_.Look(loop_.Now() + kReadinessPoll, [this] { recheck_timer_ = 0; });
      return false;
    }
    if (!recheck_timer_)
      recheck_timer_ =
          loop_.Look(loop_.Now() + std::chrono::milliseconds(5), [this] { recheck_timer_ = 0; });
    size_t bytes = 0;
    for (const peers::ConnectionLog& l : PeerLog()) bytes += l.received.size();
    if (!unterminated_.Look(loop_.Now(), bytes,
                            [this] { return observe::AllWaiting(process_->Pids()); }))
      return false;
    obs_.waits_after_unterminated = true;
    return true;
  }

  // `exit: running`: a program that has done its part may still be on its way out (a
  // receiver that prints one datagram and exits). It has shown it keeps running once it is
  // seen waiting again (in recv(), accept(), ...); until then, or until its exit is seen,
  // it is looked at again every millisecond.
  bool StillRunning() {
    if (process_->exit_info().exited) return true;  // settled: the judge says stopped_early
    std::vector<pid_t> pids = process_->Pids();
    if (observe::AllWaiting(pids)) return true;
    // A program that never waits (a busy loop) shows it keeps running by burning spin_cpu of
    // CPU time after it has done its part: one on its way out does not. CPU time, not wall
    // time, so that a loaded machine does not pass a program that is exiting slowly.
    if (std::optional<int64_t> cpu = observe::CpuTimeNs(pids); cpu && met_spin_.Look(*cpu, 0)) {
      obs_.spinning = true;
      return true;
    }
    if (!recheck_timer_)
      recheck_timer_ = loop_.Look(loop_.Now() + kReadinessPoll, [this] { recheck_timer_ = 0; });
    return false;
  }

  // `exit: required`: a client that has everything but its exit right, and keeps a CPU busy
  // after its input ended instead of exiting (a loop that turns EOF into empty lines), is
  // settled once it has used spin_cpu of CPU time so: did_not_exit now, not at its timeout.
  // A program that is blocked is the rest rule's; one that is exiting uses little CPU.
  bool SpunInsteadOfExiting() {
    if (test_.expect.exit != spec::ExitRule::kRequired || plan_.student_listens ||
        process_->exit_info().exited || !process_->stdin_closed() || spin_look_) {
      return false;
    }
    // Looked at every kRestLook, as the rest rule: it reads /proc.
    spin_look_ = loop_.Look(loop_.Now() + kRestLook, [this] { spin_look_ = 0; });
    std::vector<pid_t> pids = process_->Pids();
    AfterInput a;
    a.stdin_closed = true;
    a.actions_pending = loop_.actions_pending() > 0;
    a.input_pending = !a.actions_pending && observe::ProgramInputPending(pids);
    a.passes_if_it_exited = !a.actions_pending && !a.input_pending && PassesIfItExited();
    std::optional<int64_t> cpu;
    if (NothingLeftButExit(a) && !observe::AllWaiting(pids)) cpu = observe::CpuTimeNs(pids);
    if (!cpu) {
      spun_after_input_.Reset();
      return false;
    }
    if (!spun_after_input_.Look(*cpu, ActivityMark())) return false;
    obs_.program.spun_after_input = true;
    return true;
  }

  // What it printed and sent would pass if it exited now, with the status the case asks for
  // (judged again only when something changed).
  bool PassesIfItExited() {
    size_t mark = ActivityMark();
    if (mark == passes_mark_) return passes_if_exited_;
    passes_mark_ = mark;
    observe::Observation now = Snapshot();
    now.program.exited = true;
    now.program.status = test_.expect.exit_status.value_or(0);
    now.program.signal = 0;
    passes_if_exited_ = check::Judge(check::AsRunOnItsPort(now)).ok();
    return passes_if_exited_;
  }

  // Counts the CPU time the program burns while nothing happens (a note, not a failure).
  void LookForSpinning() {
    if (std::optional<int64_t> cpu = observe::CpuTimeNs(process_->Pids()))
      busy_.Look(loop_.Now(), *cpu, ActivityMark());
  }

  bool ExpectationsMet() {
    if (!stdout_dirty_ && !peer_changed()) return last_met_;
    stdout_dirty_ = false;
    observe::Observation now = Snapshot();
    last_met_ = check::Judge(check::AsRunOnItsPort(now)).ok();
    return last_met_;
  }

  bool peer_changed() {
    size_t mark = PeerMark();
    bool changed = mark != last_peer_bytes_;
    last_peer_bytes_ = mark;
    return changed;
  }

  const std::vector<peers::ConnectionLog>& PeerLog() const {
    static const std::vector<peers::ConnectionLog> kNone;
    return peer_ ? peer_->log() : kNone;
  }

  observe::Observation Snapshot() {
    observe::SnapshotSources from;
    from.process = process_.get();
    from.limits = &options_.limits;
    from.cgroup = launch_->cgroup();
    from.peer = peer_.get();
    from.proxy_decoy = proxy_decoy_.get();
    from.udp_proxy = proxy_ ? proxy_->udp() : nullptr;
    from.student_listens = plan_.student_listens;
    if (stray_) obs_.stray_sends = stray_->seen();
    observe::Observation o = observe::Snapshot(obs_, from);
    o.refused_connections = RefusedConnections();
    if (peers::Admission* a = Admission()) {
      o.bypassed_proxy = a->refused();
      o.bypassed_from = a->first_refused();
    }
    if (caps_) {
      o.program.memory_limit_hit |= caps_->memory_hit();
      o.program.process_limit_hit |= caps_->processes_hit();
      o.program.disk_limit_hit |= caps_->disk_hit();
      o.program.disk_limit_bytes = static_cast<int64_t>(sandbox::kCaseWrites.bytes);
      o.program.disk_limit_entries = static_cast<int64_t>(sandbox::kCaseWrites.entries);
    }
    return o;
  }

  check::CaseResult Finish() {
    process_->DrainOutput();
    obs_.peer_state = peer_ ? peer_->Describe() : "the program never got ready";
    if (caps_) caps_->LookAtDisk();
    // What is judged is settled: a reference sender's resends after it would only make the
    // transcript turn on how long the exit grace below lasts.
    if (peer_) peer_->Hush();
    observe::Observation final_obs = Snapshot();
    check::Finding f = check::Judge(final_obs);
    // The grace below is for a program already failing to show why, not more time: one that
    // must exit and is still running at its timeout has not exited (did_not_exit), whatever
    // it does next.
    bool exit_overdue = test_.expect.exit == spec::ExitRule::kRequired && obs_.timed_out;
    // A server on another port is failing if the rest fails there. A UDP client that sent
    // everything elsewhere has shown why it fails; a refused TCP client is let end (a C
    // client writes on, dies of SIGPIPE and says "connect error" on stdout), so that what
    // its diagnosis quotes does not turn on how fast the grader settled.
    bool failing = !check::Judge(check::AsRunOnItsPort(final_obs)).ok() &&
                   (!plan_.udp || check::CheckStraySends(final_obs).ok());
    // A program at rest will not exit either: nothing can wake it before the case's end.
    if (failing && !process_->exit_info().exited && !obs_.stalled_after_drop && !exit_overdue &&
        obs_.at_rest_in.empty()) {
      // A program that is failing may be about to exit (a server that stops after its first
      // client): that explains the failure better, so let it, within a short bound. One that
      // comes to rest with no timer due within the bound will not: the verdict is final then.
      TimePoint grace_end = loop_.Now() + thresholds_.exit_grace;
      loop_.RunUntil(
          [this, grace_end] {
            return process_->exit_info().exited || RestingCallUntil(grace_end).has_value();
          },
          grace_end);
      process_->DrainOutput();
      final_obs = Snapshot();
      f = check::Judge(final_obs);
    }
    if (process_->exit_info().exited && !exit_time_) exit_time_ = loop_.Now();
    TimePoint program_end = exit_time_.value_or(loop_.Now());
    if (!process_->exit_info().exited) LookForSpinning();
    final_obs.idle_cpu_ms = busy_.idle_cpu_ns() / 1e6;
    final_obs.idle_cpu_share = busy_.idle_share();
    process_->Kill();
    if (peer_) peer_->Close();
    proxy_decoy_.reset();

    CaseOutcome outcome;
    outcome.test = &test_;
    outcome.program = program_.display_name;
    outcome.seed = options_.seed;
    outcome.finding = f;
    outcome.seen = &final_obs;
    outcome.proxy = proxy_.get();
    outcome.wall_ms = Ms(Clock::now() - start_);
    outcome.student_ms = Ms(program_end - program_start_);
    outcome.load_extension_ms = Ms(deadline_->extended());
    check::CaseResult r = MakeCaseResult(outcome);
    NoteHostUse(&r);
    return r;
  }

  const spec::Spec& spec_;
  const spec::Case& test_;
  const spec::Role& role_;
  const plan::Program& program_;
  std::string workdir_;
  RunOptions options_;
  Thresholds thresholds_;  // scaled by the timeout multiplier
  TimePoint start_;        // before the network is set up: the case's time counts it
  plan::CasePlan plan_;
  // Outlives every socket and process of the case (declared first, destroyed last).
  sandbox::CaseNetwork network_;
  EventLoop loop_;
  std::optional<CaseDeadline> deadline_;  // set as the case starts to run
  TimePoint program_start_;
  std::optional<TimePoint> exit_time_;
  observe::Observation obs_;
  std::unique_ptr<peers::Peer> peer_;
  std::unique_ptr<proxy::CaseProxy> proxy_;
  std::unique_ptr<peers::Decoy> proxy_decoy_;
  std::unique_ptr<sandbox::DnsAnswerer> names_;
  std::unique_ptr<observe::ClosedPortLosses> closed_losses_;  // before stall_, which reads it
  std::unique_ptr<observe::UdpStallWatch> stall_;
  observe::BusyWatch busy_;
  CpuSpentSince met_spin_{thresholds_.spin_cpu};  // from when StillRunning() found it busy
  CpuSpentSince spun_after_input_{thresholds_.spin_cpu};
  size_t passes_mark_ = SIZE_MAX;
  bool passes_if_exited_ = false;
  std::unique_ptr<observe::StraySendWatch> stray_;
  std::unique_ptr<CapWatch> caps_;
  uint64_t recheck_timer_ = 0;
  RestWatch rest_{loop_, start_};
  uint64_t spin_look_ = 0;
  QuietFor unterminated_{thresholds_.unterminated_wait};
  std::unique_ptr<ProgramLaunch> launch_;  // outlives process_: its Kill() uses the cgroup
  std::unique_ptr<sandbox::Process> process_;
  std::unique_ptr<StudentControl> control_;  // a scripted case's; refers to process_
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
