// One case from start to verdict: its network, peer, proxy and program set up, then run until
// settled (case_run.h).
#include "harness/run/case_runner.h"

#include <netinet/in.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/peers/peer.h"
#include "harness/run/case_in_copy.h"
#include "harness/run/case_run.h"
#include "harness/run/own_network.h"
#include "harness/sandbox/netns.h"

namespace netgrade::run {
namespace case_internal {

CaseRun::CaseRun(const spec::Spec& spec, const spec::Case& test, const plan::Program& program,
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
      network_(options.isolate, plan_.two_hosts),
      kind_(kinds::KindOf(spec.protocol)) {
  obs_.spec = &spec_;
  obs_.test = &test_;
  obs_.role = &role_;
  obs_.timeout_ms = static_cast<int>(test.timeout_ms * options.timeout_multiplier);
  obs_.stall_after = thresholds_.stall_after_drop;
  obs_.program.display_name = program.display_name;
  obs_.program.program_path = program.path.string();
  between_hosts_ = sandbox::BetweenHosts::Open(network_);
  if (between_hosts_)
    rest_.WatchBetweenHosts([this](TimePoint now) { return between_hosts_->Pending(now); });
}

check::CaseResult CaseRun::Run() {
  if (kind_.start_case) return RunKind();
  // Without a namespace of the case's own there is no name server of its own: the names in
  // its URLs would go to this machine's resolver, and out to the real network. (GradeAll
  // reports such a case before it gets here: case_in_copy.cc.)
  if (spec::PlaysBothSides(test_, plan_.student_listens) && !network_.isolated())
    return NotRunResult(test_,
                        NotRunHere(spec_, test_,
                                   options_.isolate ? "no network namespace could be made for it"
                                                    : "cases were asked to run without isolation",
                                   ThisPlatform()));
  deadline_.emplace(start_, std::chrono::milliseconds(obs_.timeout_ms));
  if (!options_.capture_file.empty())
    capture_ = std::make_unique<CaseCapture>(network_, options_.capture_max_bytes);
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
    // A name the program looks up (a proxy's origin in a URL) leads to the peer, as in a
    // connecting role's case.
    if (network_.isolated()) StartNameServer(peer_host);
    own_server_ = OwnServerAddress(peer_host);
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
      proxy_decoy_ =
          std::make_unique<peers::Decoy>(loop_, Address::Parse(listen_host, obs_.port), plan_.udp);
    }
    WatchStraySends(bound.port());
  }
  StartProgram(peer_host);
  if (plan_.student_listens) {
    WaitUntilListening();
    // On two hosts, a program listening only on loopback is out of the peer's reach: that
    // is seen in its socket table now, with no connection to wait for (the judge says so).
    if (obs_.ready && !UnreachableFromPeerHost()) {
      WatchServerSends();
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
          UsesProxy() ? peers::WaitingProbe{} : StudentRestingSurely(), own_server_);
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
  check::CaseResult r = Finish();
  WriteCapture(&r);
  return r;
}

void CaseRun::WriteCapture(check::CaseResult* r) {
  if (!capture_) return;
  CaseCapture::About about;
  about.case_name = test_.name;
  about.exercise = spec_.exercise;
  about.program = program_.display_name;
  about.seed = options_.seed;
  about.fault_plan = r->fault_plan;
  sockets::ProxyPorts ports;
  ports.protocol = kind_.ip_protocol;
  ports.listen = proxy_ ? proxy_->port() : 0;
  ports.target = proxy_target_port_;
  ports.student_first = !plan_.student_listens;
  r->capture = capture_->Write(options_.capture_file, about,
                               proxy_ ? &proxy_->transcript() : nullptr, ports);
}

void CaseRun::OnlyThroughProxy() {
  // A listening program's proxy carries the peer's connections to it; what the program opens
  // to the peer's own server (own_server_) goes there directly.
  if (plan_.student_listens) return;
  if (peers::Admission* a = Admission())
    a->OnlyFrom([this](const Address& source) { return proxy_ && proxy_->Carried(source); });
}

void CaseRun::StartNameServer(const std::string& peer_host) {
  try {
    names_ = std::make_unique<sandbox::DnsAnswerer>(loop_, peer_host);
  } catch (const std::exception&) {
  }
}

void CaseRun::StartProxy(const Address& listen, const Address& target) {
  proxy_ = std::make_unique<proxy::CaseProxy>(loop_, *plan_.proxy, plan_.udp, listen, target,
                                              thresholds_);
  proxy_target_port_ = target.port();
}

std::optional<Address> CaseRun::OwnServerAddress(const std::string& peer_host) const {
  if (!spec::PlaysBothSides(test_, plan_.student_listens)) return std::nullopt;
  sandbox::NetNamespace::Scope in_peer(network_.peer());
  // From the seed, as the student's port is, and never the student's own.
  std::optional<uint64_t> start;
  if (network_.isolated()) start = plan::CaseSeed(plan_.run_seed, test_.name + "/own-server");
  uint16_t port = PickFreePort(SOCK_STREAM, start);
  if (port == obs_.port)
    port = PickFreePort(SOCK_STREAM, start ? std::optional(*start + 1) : start);
  return Address::Parse(peer_host, port);
}

Address CaseRun::MovePeerAside(const Address& bound) {
  peer_.reset();
  Address moved;
  peer_ = peers::MakePassivePeer(loop_, spec_, test_, Address::Parse(bound.host(), 0), &moved, {},
                                 thresholds_, control_.get());
  return moved;
}

int CaseRun::SocketType() const { return kind_.socket_type; }

void CaseRun::StartProgram(const std::string& host) {
  launch_ = std::make_unique<ProgramLaunch>(plan_, workdir_, options_, obs_.timeout_ms, network_,
                                            host, obs_.port);
  // Its arguments as given, for a diagnosis that names them (check/argument_shape.h).
  std::vector<std::string> argv = plan_.Argv(host, obs_.port);
  size_t args = std::min(argv.size(), spec::CaseArgv(role_, test_).size());
  obs_.program.args.assign(argv.end() - static_cast<std::ptrdiff_t>(args), argv.end());
  program_start_ = loop_.Now();
  process_ = StartProcess();
  // Started returns once it has exec'ed: its timeout counts from now.
  if (deadline_) deadline_->ProgramStarted(loop_.Now());
  WatchCaps();
}

void CaseRun::MakeControl() {
  if (!test_.script.empty()) {
    StudentControl::Setup setup;
    setup.loop = &loop_;
    setup.process = &process_;
    setup.start = [this] { return StartProcess(); };
    setup.listens_with = kind_.checks.terms.proto;
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

std::unique_ptr<sandbox::Process> CaseRun::StartProcess() {
  std::unique_ptr<sandbox::Process> p = launch_->Start(loop_);
  p->OnStdout([this] {
    stdout_dirty_ = true;
    // What a kind of its own measures as the program works (KindCase::OnProgramOutput).
    if (kind_case_) kind_case_->OnProgramOutput(*this);
  });
  stdout_dirty_ = true;
  return p;
}

void CaseRun::WaitUntilListening() {
  bool decided = false;
  ListeningWatch watch(
      loop_, [this] { return process_->Pids(); }, kind_.checks.terms.proto, obs_.port,
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

bool CaseRun::RunUntilDeadline(const std::function<bool()>& settled) {
  return deadline_->RunUntil(loop_, settled, [this] { return ProgramRunDelayNs(); });
}

}  // namespace case_internal

CaseLeavingRemains RunCaseLeavingRemains(const spec::Spec& spec, const spec::Case& test,
                                         const plan::Program& program, const std::string& workdir,
                                         const RunOptions& options) {
  CaseLeavingRemains out;
  // The case enters its network namespaces: never on the process's first thread. For a user
  // who is not root they live in a user namespace, which only a process with one thread can
  // enter: that is done here first, on the caller's thread (NetNamespace::Available).
  if (options.isolate) sandbox::NetNamespace::Available();
  sandbox::OffTheFirstThread([&] {
    auto run = std::make_unique<case_internal::CaseRun>(spec, test, program, workdir, options);
    out.result = run->Run();
    // Otherwise everything has ended: destroyed here, on this thread.
    if (run->ending()) out.remains = std::move(run);
  });
  return out;
}

check::CaseResult RunCase(const spec::Spec& spec, const spec::Case& test,
                          const plan::Program& program, const std::string& workdir,
                          const RunOptions& options) {
  check::CaseResult result;
  if (options.isolate) sandbox::NetNamespace::Available();  // on the caller's thread: see above
  sandbox::OffTheFirstThread([&] {
    CaseLeavingRemains ran = RunCaseLeavingRemains(spec, test, program, workdir, options);
    ran.remains.reset();
    result = std::move(ran.result);
  });
  return result;
}

}  // namespace netgrade::run
