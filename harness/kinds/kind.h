// A lab kind: what a kind of lab owns from its case's run to its words, behind one interface
// the runner calls (as lit's test formats, or ninja's CommandRunner). Each is a folder of
// harness/kinds/ and one line in kinds.cc: sockets/ (TCP and UDP: the program meets
// netgrade's reference peers, through its proxy), icmp/ (a path of routers and a wire),
// transport/ (a link with a rate, a delay and a queue).
//
// The TCP and UDP kinds' cases are the runner's own (run/case_runner.cc: the reference peer,
// the proxy, the fault plan); what turns on which of the two it is, the runner asks
// kinds/sockets/ (sends_watch.h, datagram_key.h). A kind with a case of its own (start_case)
// is started by the runner, which hands it a CaseHost: the program, the deadline and the
// judge's ending are the runner's; the network, the wire and what crossed it are the kind's.
// Every kind's checks of its traffic are called by check::Judge (KindChecks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/check/kind_checks.h"
#include "harness/check/result.h"
#include "harness/observe/observation.h"
#include "harness/sandbox/case_network.h"
#include "harness/sandbox/netns.h"
#include "harness/spec/spec.h"

namespace netgrade::kinds {

// How a second copy of the program ended (CaseHost::StartCopy).
struct CopyEnd {
  int status = 0;
  int signal = 0;                 // the signal that ended it, 0 if none
  std::string stderr_tail;        // its last lines on standard error, cut
  bool killed_by_grader = false;  // the case's end stopped it
};

// What the runner gives a kind's case (run/case_run.h implements it).
class CaseHost {
 public:
  virtual ~CaseHost() = default;
  virtual const spec::Case& test() const = 0;
  // The spec, its files drawn for this run.
  virtual const spec::Spec& spec() const = 0;
  virtual EventLoop& loop() = 0;
  // When the case started (its times are counted from it), and its seed.
  virtual TimePoint start() const = 0;
  virtual uint64_t case_seed() const = 0;
  // Starts the case's deadline, then the program in `where` (the student's host), given
  // `host` for {host}; with --pcap, a capture of that host's traffic.
  virtual void StartProgram(const sandbox::NetNamespace& where, const std::string& host) = 0;
  // The case's own network, as a TCP or UDP case has it (a namespace of its own when netgrade
  // may make one, else the machine's loopback): where the program and netgrade's peer meet.
  virtual const sandbox::CaseNetwork& network() const = 0;
  // Starts the case's deadline, then the program in network(), given `host` and `port`.
  virtual void StartProgramAt(const std::string& host, uint16_t port) = 0;
  // A case that runs two of the program (a transport lab's fairness): starts a second copy as
  // the first was started (its arguments, its network, its containment), after
  // StartProgramAt. It is stopped with the first when the case ends.
  virtual void StartCopy() = 0;
  // The copy's end once it has ended and said all it printed; nullopt while it runs, or when
  // none was started.
  virtual std::optional<CopyEnd> CopyEnded() const = 0;
  // transfer: {peer: {folder: DIR}}: starts the instructor's program for the case's other role
  // (spec::PeerProgram) in network(), given `host` and `port`, contained as the student's is,
  // with a folder, a cgroup and (as root) a uid of its own. A listening one is waited for until
  // it is bound on `port`. "" once it runs (and is bound), else why it does not.
  virtual std::string StartPeerProgram(const std::string& host, uint16_t port, bool listens) = 0;
  // How it ended, once it has; nullopt while it runs, or when none was started.
  virtual std::optional<CopyEnd> PeerProgramEnded() const = 0;
  // Its last lines on standard error so far ("" when none was started).
  virtual std::string PeerProgramStderr() const = 0;
  // A listening program: runs until it is seen bound (on its port or another), it ends, or
  // the deadline. True when it is bound to the port it was given.
  virtual bool WaitUntilBound() = 0;
  // Runs the loop until `settled` or the deadline (which moves for the machine's load); at
  // the deadline the case has timed out.
  virtual void RunUntilSettled(const std::function<bool()>& settled) = 0;
  virtual bool ProgramFinished() const = 0;
  // The program is at rest (blocked with no timeout of its own): what it did is final.
  virtual bool AtRest() = 0;
  // The longest any of the program's processes waited for a CPU since it started.
  virtual int64_t ProgramRunDelayNs() const = 0;
  // The verdict (check::Decide with the kind's checks), the program stopped; then --pcap's.
  virtual check::CaseResult Finish() = 0;
  virtual void WriteCapture(check::CaseResult* r) = 0;
};

// One case of a kind, alive from its start to its result. Destroyed after the program.
class KindCase {
 public:
  virtual ~KindCase() = default;
  // The case from start to result.
  virtual check::CaseResult Run(CaseHost& host) = 0;
  // Its evidence, as of now, for the observation the judge reads.
  virtual std::shared_ptr<const observe::KindEvidence> Evidence(CaseHost& host) const = 0;
  // Changes whenever anything crosses the kind's wire (the runner's rest rule counts it).
  virtual size_t ActivityMark() const = 0;
  // The program printed: what a kind measures as the program works.
  virtual void OnProgramOutput(CaseHost& host) = 0;
};

struct Kind {
  std::string name;   // the spec's `protocol:`
  std::string label;  // as `netgrade explain` names it: "ICMP"
  spec::Protocol protocol;
  // Its programs make raw sockets (in the case's own network only).
  bool raw_sockets = false;
  // The type of the sockets netgrade's reference peers open (SOCK_STREAM, SOCK_DGRAM), whose
  // free port a case gives a listening program; 0 for a kind with a case of its own.
  int socket_type = 0;
  // And their IP protocol (IPPROTO_TCP, IPPROTO_UDP): what --pcap's proxy ports carry.
  int ip_protocol = 0;
  // Why a case needs network namespaces of its own, where netgrade cannot make them (a
  // sentence); "" when it does not. Unset: never.
  std::function<std::string(const spec::Spec&, const spec::Case&)> needs_own_network;
  check::KindChecks checks;
  // The kind's own diagnosis codes (its codes.h), beside check::SharedCodes(): a result file or
  // a fixture's expected.yaml names them (kinds::CodeFromName).
  std::span<const check::Code> codes;
  // A case of the kind's own; unset for TCP and UDP, whose cases the runner plays itself.
  std::function<std::unique_ptr<KindCase>()> start_case;
  // A case in words, for `netgrade explain` (its peer, its network, its faults); "" when none.
  std::function<std::string(const spec::Spec&, const spec::Case&)> explain_case;
  // A role in words, for `netgrade explain`: how it is run and what it must do.
  std::function<std::string(const spec::Role&)> explain_role;
  // What a case's `expect` asks of the kind's own keys, in words ("    Expected: ...\n"
  // lines); unset or "" when nothing.
  std::function<std::string(const spec::Expect&)> explain_expect;
  // A case that measures with the machine's clock what a program's speed earns (a goodput, a
  // queueing delay): it runs with no other case of the grading at once, whatever --jobs, as
  // a class graded one case at a time would have it. Unset: none.
  std::function<bool(const spec::Case&)> runs_alone;
};

// The kind of a spec's protocol.
const Kind& KindOf(spec::Protocol protocol);
// Every diagnosis code: those every kind shares, then each kind's own.
std::vector<check::Code> AllCodes();
// The code of that stable name (check::CodeName), of any kind; nullopt for an unknown name.
std::optional<check::Code> CodeFromName(std::string_view name);
// Whether the spec's programs make raw sockets (its kind's raw_sockets).
bool RawSockets(const spec::Spec& spec);
// Whether the case runs with no other at once (its kind's runs_alone).
bool RunsAlone(const spec::Spec& spec, const spec::Case& test);

}  // namespace netgrade::kinds
