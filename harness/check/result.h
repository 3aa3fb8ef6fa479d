// The outcome of grading: plain data that every report writer reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/check/diagnosis.h"
#include "harness/check/finding.h"
#include "harness/spec/spec.h"

namespace netgrade::check {

// A figure a case measured beside its verdict (a transport sender's goodput): for the reports
// and a class's leaderboard.
struct Figure {
  std::string name;  // "goodput"
  double value = 0;  // 3.71
  std::string unit;  // "Mbit/s", "packets"
  // The unit after a value of 1, where it differs ("packet"); the JSON and the columns keep
  // `unit`.
  std::string unit_of_one = "";
  std::string words;  // "93% of what the window and the link allow"; may be ""
  // A figure to rank a class by (Gradescope's leaderboard): higher is better.
  bool leaderboard = false;
};

// One event of what crossed the proxy, for machine readers (the JSON report).
struct TranscriptEvent {
  double t_ms = 0;        // since the proxy started
  std::string direction;  // "to_student" or "from_student"
  int index = 0;          // 1-based, per direction
  size_t size = 0;        // bytes
  std::string text;       // the first bytes, cut
  std::string action;     // what the fault plan did, by name: "passed", "dropped", "held", ...
  std::string words;      // the same for a person: "dropped (plan: #1)", "held back until ..."
};

// --pcap: the capture of a case's network, a pcapng file (run/case_capture.h).
struct Capture {
  std::string file;           // as written; "" when none could be
  size_t packets = 0;         // in it
  size_t left_out = 0;        // past its bound (16 MiB), or dropped by the kernel
  size_t fault_comments = 0;  // packets that carry what the fault plan did to them
  std::string missing;        // why there is none ("" when there is one)
};

struct CaseResult {
  std::string name;
  std::string role;
  std::string description;
  // From the spec: a report a student reads leaves out the details of a case not yet visible.
  spec::Visibility visibility = spec::Visibility::kVisible;
  check::Verdict verdict = check::Verdict::kPass;
  check::Code code = check::Code::kNone;
  // The explanation, rendered once from the parts below (RenderedMessage); empty when it
  // passed. A report that lays the explanation out reads the parts.
  std::string message;
  // The diagnosis's parts (check::Finding's): the first sentence, what came, what to change,
  // and what later steps added (after the fix). A case not run has its words as `cause` alone.
  std::string cause;
  std::string evidence;
  std::string fix;
  std::vector<std::string> finding_notes;
  // The cause's shape, as its maker said it (check::Phrase::shape: "{} listens on port {}, not
  // {}."), the class page's row; "" for a cause made another way, which the page takes whole.
  std::string shape;
  // The explanation with the case's own port as "{port}", where its maker marked it
  // (Finding::WithoutCasePort); "" where it names none. Each case has a port of its own: two
  // failed cases whose explanations differ only there give the same advice, which a report
  // says once (SameAdviceKey).
  std::string without_case_port;
  // The mistake behind the diagnosis, when netgrade knows it by name (check/root_cause.h).
  std::string mistake;
  // A failing program said its port was in use ("Address already in use", EADDRINUSE on its
  // stderr or stdout): on a shared network, another case's program may hold it
  // (run/fixed_ports.h).
  bool said_address_in_use = false;
  // What the student should know whatever the verdict (a busy loop, ...), one sentence each.
  std::vector<std::string> notes;
  // When content differs: the first message that did, as data (the message says it in words).
  std::optional<check::Difference> difference;
  int score = 0;
  int max_score = 0;
  uint64_t seed = 0;
  // It ran to its deadline (a passing case never should: it ends once it has passed).
  bool timed_out = false;
  double wall_ms = 0;            // the whole case, as the grader ran it
  double student_ms = 0;         // the student's program, from start until it ended or was stopped
  double load_extension_ms = 0;  // how far the deadline moved for the machine's load (run delay)
  std::string program;           // "server.py"
  // What built it, or ran it when a script's interpreter is not the system's own: "rustc
  // 1.95.0 (~/.rustup/toolchains/stable-x86_64-unknown-linux-gnu)" (plan/toolchain.h); "" for
  // an executable handed in, and a script the system's interpreter ran.
  std::string toolchain;
  std::vector<std::string>
      transcript;          // the fault plan, then what crossed the proxy, one line per event
  std::string fault_plan;  // the fault plan in words (cases with faults)
  std::vector<TranscriptEvent> events;  // what crossed the proxy, as data
  // Where `events` come from: "proxy", "peer" for a failing case graded without a proxy (its
  // reference peer's own record: run/peer_timeline.h), or "none" (a passing case without one).
  std::string events_from = "none";
  // What they crossed, as the report names it: "the proxy", or the name a kind gives its own
  // wire ("the link").
  std::string crossed = "the proxy";
  std::vector<Figure> figures;  // what the case measured (a kind's), in the order to show
  // The UDP transcript without times: a run with the same seed must repeat it exactly. (TCP
  // chunk boundaries depend on the kernel's timing, so they are not compared.)
  std::vector<std::string> datagram_key;
  // What the program sent the reference peer, for `validate` to compare across runs of one
  // seed: each connection's first messages, the clock's figures masked (run/case_result.h).
  std::vector<std::vector<std::string>> sent_key;
  // What the lab calls netgrade's side, from the spec's connection_names: "browser and
  // origin"; "" where it names none (the side is then called by the program's role).
  std::string peer_names;
  // Where a failed case's script stopped, for whoever reads the spec: its step (1-based; 0:
  // none) and the step's line in the spec (0: not known). Only the JSON says them: the words a
  // student reads never name the spec's lines.
  size_t script_step = 0;
  int script_line = 0;
  // With --pcap, for a case that ran.
  std::optional<Capture> capture;

  bool passed() const { return verdict == check::Verdict::kPass; }
  // Not run on this machine (check::Verdict::kNotRun): worth 0 points here, so not graded,
  // but reports say "not run here" and why, never "not graded (0 points)".
  bool not_run() const { return verdict == check::Verdict::kNotRun; }
  // A case worth 0 points is not graded: it runs and explains, but its failure counts for
  // nothing (neither the score nor the exit status); it is there for the student's information.
  bool graded() const { return max_score > 0; }
};

// The containment the cases ran under: the same for every case of a run.
struct Sandbox {
  std::string cgroups = "none";  // "v1", "v2" or "none"
  bool process_cap = false;      // the kernel caps the case's processes (pids, RLIMIT_NPROC)
  bool memory_cap = false;       // and its memory across processes (a memory cgroup)
  // What holds each cap (run/containment.cc): "cgroup"; "RLIMIT_NPROC and a watcher"; "a
  // watcher" (run/cap_watch.h: summed every 50 ms, the case stopped past the cap), for memory
  // "a watcher and RLIMIT_DATA per process".
  std::string process_cap_by;
  std::string memory_cap_by;
  bool network_namespace = false;
  std::string user;              // "uid 65534", or "same as grader"
  std::string sockets_found_by;  // "descriptors", or "owner" (see observe/)
  // Each case's programs run as a uid of the case's own (root: sandbox/case_user.h), so
  // sockets found by their owner are one case's: cases may run at once even then.
  bool case_users = false;
  // What the programs' files are: "a root of its own (mount namespace)", "Landlock (ABI N)"
  // (its copy and the system's folders only), or "the machine's".
  std::string filesystem;
  std::vector<std::string> weaker;            // how it falls short of full, with the cause
  std::vector<std::string> refused_syscalls;  // the seccomp filter's (sandbox/syscall_filter.h)
  // What the programs' Unix sockets reach: "own root" (a jail: only the case's), "own folders"
  // (connect() made by the grader, beneath the program's folders only: sandbox/connect_guard.h)
  // or "none" (socket(AF_UNIX) refused).
  std::string unix_sockets = "own root";
  // The socket families the programs may make (sandbox::OfferedSocketFamilies); any other
  // fails with EAFNOSUPPORT.
  std::vector<std::string> socket_families;
  bool full() const { return weaker.empty(); }
};

// `r`'s explanation from its parts: cause, evidence, fix and finding_notes joined as
// Finding::Text joins them. The one way `message` is made from the parts.
std::string RenderedMessage(const CaseResult& r);

struct GradeResult {
  Sandbox sandbox;
  std::string exercise;
  std::string spec_file;
  std::string submission;
  uint64_t seed = 0;
  std::vector<CaseResult> cases;
  int score = 0;
  int max_score = 0;

  // Every graded case passed (one worth 0 points may have failed, but not with a grader error).
  bool all_passed() const;
  bool grader_error() const;
  // The cases not run on this machine (CaseResult::not_run).
  size_t not_run() const;
};

// What exit status 3 means, for stderr (a report in JSON or on stdout may not be read):
// "netgrade: 2 of 5 cases could not be graded (the grader failed, not the program):\n
//   server-one-line: The grader itself failed ...\n", each case's message on one line, cut;
// "" when no case was a grader error. `who` names the submission when several were graded.
std::string GraderErrorSummary(const GradeResult& result, const std::string& who = "");
// What exit status 2 means when cases were not run on this machine, for stderr: "netgrade: 3
// of 3 cases not run on this machine (exit status 2): <the first one's reason and remedy>\n";
// "" when every case ran.
std::string NotRunSummary(const GradeResult& result, const std::string& who = "");

}  // namespace netgrade::check
