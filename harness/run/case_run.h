// The machinery of one case (case_runner.h), shared by its files: case_runner.cc sets the
// case up and runs it, case_watches.cc watches the student's program while it runs,
// case_settled.cc decides when its verdict can no longer change, case_verdict.cc judges it.
// Not for use outside them.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/check/result.h"
#include "harness/kinds/kind.h"
#include "harness/kinds/sockets/sends_watch.h"
#include "harness/observe/busy.h"
#include "harness/observe/observation.h"
#include "harness/peers/peer.h"
#include "harness/peers/udp_peers.h"
#include "harness/plan/case_plan.h"
#include "harness/plan/submission.h"
#include "harness/proxy/case_proxy.h"
#include "harness/run/cap_watch.h"
#include "harness/run/case_capture.h"
#include "harness/run/case_deadline.h"
#include "harness/run/case_runner.h"
#include "harness/run/program_start.h"
#include "harness/run/rest_watch.h"
#include "harness/run/settle_rules.h"
#include "harness/run/student_control.h"
#include "harness/sandbox/between_hosts.h"
#include "harness/sandbox/case_network.h"
#include "harness/sandbox/dns_answerer.h"
#include "harness/sandbox/process.h"
#include "harness/spec/spec.h"

namespace netgrade::run::case_internal {

// Milliseconds, for the result's times.
inline double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Drives one case; its members live exactly as long as the case. A case of a lab kind of its
// own (kinds/kind.h) is driven by its KindCase, to which this is the host.
class CaseRun : private kinds::CaseHost {
 public:
  CaseRun(const spec::Spec& spec, const spec::Case& test, const plan::Program& program,
          const std::string& workdir, const RunOptions& options);
  // Runs the case from start to verdict.
  check::CaseResult Run();
  // After Run(): the program was sent SIGKILL and may still be ending; destroying this waits
  // for its end (see RunCaseLeavingRemains).
  bool ending() const { return ending_; }

 private:
  bool UsesProxy() const { return plan_.proxy.has_value(); }
  // Who the peer takes traffic from (peers/admission.h); nullptr without a peer that can be
  // reached around the proxy.
  peers::Admission* Admission() const { return peer_ ? peer_->admission() : nullptr; }
  // Where a listening program listens: the port it was given, or the one it used instead.
  uint16_t StudentPort() const { return obs_.listened_port ? obs_.listened_port : obs_.port; }

  // case_runner.cc: setting the case up.
  // The proxy plays the case's faults: the peer takes traffic from it alone (admission.h).
  void OnlyThroughProxy();
  // A name the program looks up leads to the peer too (sandbox/dns_answerer.h). Best effort:
  // without it such a name fails to resolve, as it would have anyway.
  void StartNameServer(const std::string& peer_host);
  // Where the peer also listens when it plays both sides of a program in the middle
  // (spec::PlaysBothSides), in its namespace at `peer_host`; nullopt otherwise.
  std::optional<Address> OwnServerAddress(const std::string& peer_host) const;
  // The proxy that carries out the case's faults, listening at `listen`, passing to `target`.
  void StartProxy(const Address& listen, const Address& target);
  // --pcap: the case's packets, written once it has its verdict.
  void WriteCapture(check::CaseResult* r) override;
  // A fixed port belongs to the proxy; the peer moves to a port of the kernel's choosing.
  Address MovePeerAside(const Address& bound);
  // SOCK_STREAM or SOCK_DGRAM, as the spec's protocol.
  int SocketType() const;
  // Starts the student's program (given `host` as the peer's) and watches its caps.
  void StartProgram(const std::string& host);
  // A scripted case's control over its program, made before the peer that plays the script
  // (peers/script_peer.h), which holds it: a passive peer exists before the program starts.
  // It only acts once the program runs (its first step comes on the loop's first round).
  void MakeControl();
  // The program, started as at the case's start (a script's `start: student` too).
  std::unique_ptr<sandbox::Process> StartProcess();
  // Looks at the program's socket table until it listens on its port, it exits, or the case
  // times out. Observation only: no connection is made.
  void WaitUntilListening();
  // Runs the loop until `settled` or the case's deadline, which moves for the machine's load
  // (run/case_deadline.h).
  bool RunUntilDeadline(const std::function<bool()>& settled);

  // case_watches.cc: what is watched of the student's program while the case runs.
  // The student's program is seen waiting (every thread in recv(), accept(), poll()...).
  peers::WaitingProbe StudentWaiting();
  // The student's program is at rest (observe::Resting: blocked with no timeout of its own),
  // or gone: a script's waiting step that rests so for rest_for has waited in vain
  // (peers/script_peer.h).
  peers::WaitingProbe StudentResting();
  // And surely so (RestingCall: nothing to read where it waits, nothing it wrote held by its
  // kernel), or gone: a script's waiting step decides once it is so at two looks in a row
  // (ScriptPlayer::NothingInFlight). Not through a proxy: bytes the proxy holds are not seen.
  peers::WaitingProbe StudentRestingSurely();
  // The sockets the student's program is asleep reading (observe/blocked_reading.h).
  peers::ReadingProbe StudentReading();
  // The client's main process, or 0 once it has exited.
  pid_t LivePid() const;
  // Where the program sends (kinds/sockets/sends_watch.h), made at its first use.
  sockets::SendsWatch& Sends();
  // The stall after a UDP client's loss, once watched; nullptr otherwise.
  observe::UdpStallWatch* Stall() const { return sends_ ? sends_->stall() : nullptr; }
  // The longest any of the program's processes waited for a CPU since it started.
  int64_t ProgramRunDelayNs() const override;
  // On two hosts, the program listens only on loopback: out of the peer's reach.
  bool UnreachableFromPeerHost() const;
  // A client's datagrams or connections to ports where nothing listens (a port written in
  // the program) are seen as they happen, so the case ends at once and names the port.
  // `peer_port`: where the reference peer itself listens (observe/stray_sends.h).
  void WatchStraySends(uint16_t peer_port);
  // A UDP server's answers to ports where nothing listens (a client address written in it), or
  // the connections a listening program makes to the case's own server (a web proxy to its
  // origin) refused elsewhere (port 80 written in it), for its diagnosis.
  void WatchServerSends();
  // The program's processes as of now (none before it started).
  std::vector<pid_t> ProgramPids() const;
  // Where no cgroup caps the program's memory or processes, they are looked at instead
  // (run/cap_watch.h): over its memory, the program is stopped as a cgroup would stop it.
  void WatchCaps();

  // case_settled.cc: whether the case is settled.
  // Whether the case is settled: its verdict can no longer change (the judge decides it, the
  // program is at rest, spins, has exited and been heard to the end...). Looked at after
  // every round of the loop.
  bool Settled();
  // The stall after a loss, once seen, for the judge (check/udp_timeout).
  bool RecordStall();
  // The program is at rest (run/rest_watch.h): what it did is final. Looked at soon after
  // anything happens, and at least every kRestLook while the case runs.
  bool AtRest() override;
  // The call the program rests in (the rest rule, with `until` as the deadline: a timer due
  // before it is a wake-up), once what it printed is read to the end (output still in the
  // pipe is activity); nullopt before. Records nothing: AtRest() does, for the judge.
  std::optional<std::string> RestingCallUntil(TimePoint until);
  // Changes whenever the program prints, or anything crosses to or from it.
  size_t ActivityMark();
  // Changes whenever the reference peer connects, sends, receives or sees an end.
  size_t PeerMark() const;
  // A client that sent a message without its newline and waits for the answer will wait
  // forever (the reference server answers lines): seen waiting so for unterminated_wait
  // with nothing more coming, the case ends. Where the spec says the reference server
  // answers such a message (the textbook's client), it is answered once the client waits.
  bool UnterminatedWait();
  // `exit: running`: a program that has done its part may still be on its way out (a
  // receiver that prints one datagram and exits). It has shown it keeps running once it is
  // seen waiting again (in recv(), accept(), ...); until then, or until its exit is seen,
  // it is looked at again every millisecond.
  bool StillRunning();
  // `exit: required`: a client that has everything but its exit right, and keeps a CPU busy
  // after its input ended instead of exiting (a loop that turns EOF into empty lines), is
  // settled once it has used spin_cpu of CPU time so: did_not_exit now, not at its timeout.
  // A program that is blocked is the rest rule's; one that is exiting uses little CPU.
  bool SpunInsteadOfExiting();
  // What it printed and sent would pass if it exited now, with the status the case asks for
  // (judged again only when something changed).
  bool PassesIfItExited();
  // Counts the CPU time the program burns while nothing happens (a note, not a failure).
  void LookForSpinning();
  // What the program printed and sent passes now (judged again only when something changed).
  bool ExpectationsMet();
  // The one question both ask check::Decide while the case runs.
  bool PassesNow(const observe::Observation& now) const;
  // Whether the peer has seen anything since the last call.
  bool peer_changed();
  // Everything the client sent went to ports where nothing listens and nothing reached the
  // peer: that will not change, the case is settled.
  bool AllSentElsewhere() const;
  // A listening UDP program answered a reference sender that resends (peer.await) at a port
  // where nothing listens, and the sender sent the same message twice more with nothing back:
  // it resends until the case's end, and the program answers elsewhere each time.
  bool AnswersElsewhereDecided() const;
  // And settled once the last resend has passed the proxy (it is in the transcript, which the
  // same seed must repeat: under load the kernel delivers it to the proxy after the sender's
  // call).
  bool AnsweredElsewhere() const;

  // case_kind.cc: a case of a lab kind of its own, from start to verdict: the kind's case
  // runs it, with this as its host (kinds::CaseHost).
  check::CaseResult RunKind();
  const spec::Case& test() const override { return test_; }
  const spec::Spec& spec() const override { return spec_; }
  const sandbox::CaseNetwork& network() const override { return network_; }
  void StartProgramAt(const std::string& host, uint16_t port) override;
  void StartCopy() override;
  std::optional<kinds::CopyEnd> CopyEnded() const override;
  std::string StartPeerProgram(const std::string& host, uint16_t port, bool listens) override;
  std::optional<kinds::CopyEnd> PeerProgramEnded() const override;
  std::string PeerProgramStderr() const override;
  bool WaitUntilBound() override;
  EventLoop& loop() override { return loop_; }
  TimePoint start() const override { return start_; }
  uint64_t case_seed() const override;
  void StartProgram(const sandbox::NetNamespace& where, const std::string& host) override;
  void RunUntilSettled(const std::function<bool()>& settled) override;
  bool ProgramFinished() const override;

  // case_verdict.cc: the verdict.
  // The verdict, once the case is settled or timed out: a failing program that may be about
  // to exit is let do so within the exit grace; then everything is stopped.
  check::CaseResult Finish() override;
  // The observation the judge reads, as of now.
  observe::Observation Snapshot();
  // Connections past peers::kMostConnections, reset by the peer or the proxy.
  size_t RefusedConnections() const;
  // What the reference peer saw, connection by connection (none without a peer).
  const std::vector<peers::ConnectionLog>& PeerLog() const;
  // The address or name the program used, when it was not the one it was given.
  void NoteHostUse(check::CaseResult* r);
  // The program's source: itself (a script), or beside it (client.c for client).
  std::optional<std::string> ProgramSource() const;

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
  std::unique_ptr<sandbox::BetweenHosts> between_hosts_;  // two hosts: what is on its way
  std::unique_ptr<CaseCapture> capture_;                  // --pcap
  EventLoop loop_;
  std::optional<CaseDeadline> deadline_;  // set as the case starts to run
  // A lab kind of its own (kinds/kind.h): its checks, and its case, which outlives the program.
  const kinds::Kind& kind_;
  std::unique_ptr<kinds::KindCase> kind_case_;
  TimePoint program_start_;
  std::optional<TimePoint> exit_time_;
  observe::Observation obs_;
  std::unique_ptr<peers::Peer> peer_;
  std::unique_ptr<proxy::CaseProxy> proxy_;
  uint16_t proxy_target_port_ = 0;  // where the proxy passes to
  std::unique_ptr<peers::Decoy> proxy_decoy_;
  std::unique_ptr<sandbox::DnsAnswerer> names_;
  std::optional<Address> own_server_;           // OwnServerAddress
  std::unique_ptr<sockets::SendsWatch> sends_;  // after proxy_, whose datagrams it reads
  observe::BusyWatch busy_;
  CpuSpentSince met_spin_{thresholds_.spin_cpu};  // from when StillRunning() found it busy
  CpuSpentSince spun_after_input_{thresholds_.spin_cpu};
  size_t passes_mark_ = SIZE_MAX;
  bool passes_if_exited_ = false;
  std::unique_ptr<CapWatch> caps_;
  uint64_t recheck_timer_ = 0;
  RestWatch rest_{loop_, start_};
  uint64_t spin_look_ = 0;
  QuietFor unterminated_{thresholds_.unterminated_wait};
  std::unique_ptr<ProgramLaunch> launch_;  // outlives process_: its Kill() uses the cgroup
  std::unique_ptr<sandbox::Process> process_;
  std::unique_ptr<StudentControl> control_;  // a scripted case's; refers to process_
  // A second copy of the program (kinds::CaseHost::StartCopy): in the same cgroup, stopped
  // before process_.
  std::unique_ptr<sandbox::Process> copy_;
  // The instructor's program as the peer (kinds::CaseHost::StartPeerProgram): the case it is
  // planned from (its role, its command line), its own containment, its process (stopped with
  // the program's).
  std::optional<spec::Case> peer_test_;
  std::optional<plan::CasePlan> peer_plan_;
  std::unique_ptr<ProgramLaunch> peer_launch_;
  std::unique_ptr<sandbox::Process> peer_process_;
  bool stdout_dirty_ = true;
  bool ending_ = false;  // ending()
  bool last_met_ = false;
  size_t last_peer_bytes_ = SIZE_MAX;
};

}  // namespace netgrade::run::case_internal
