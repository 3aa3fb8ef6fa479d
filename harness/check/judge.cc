#include "harness/check/judge.h"

#include "harness/check/advice.h"
#include "harness/check/causes.h"
#include "harness/check/crash_or_content.h"
#include "harness/check/flood.h"
#include "harness/check/listening_checks.h"
#include "harness/check/network_use.h"
#include "harness/check/output_checks.h"
#include "harness/check/printed.h"
#include "harness/check/program.h"
#include "harness/check/query_ids.h"
#include "harness/check/received.h"
#include "harness/check/restart_checks.h"
#include "harness/check/script_checks.h"
#include "harness/check/spec_hints.h"
#include "harness/check/timeout_note.h"
#include "harness/check/traceback.h"
#include "harness/check/udp_timeout.h"
#include "harness/check/written_files.h"
#include "harness/check/wrong_port.h"

namespace netgrade::check {
namespace {

// The kernel dropped datagrams on the grader's own proxy: not the program's fault, unless it
// flooded the proxy (that loss is the program's doing).
Finding CheckGraderLoss(const observe::Observation& obs, const SocketTerms& terms) {
  if (!obs.grader_loss) return Finding::Ok();
  if (Finding f = CheckRecordCap(obs, terms); !f.ok()) return f;
  return Finding{.code = Code::kGraderProblem,
                 .cause =
                     "The kernel dropped datagrams on the grader's own proxy (its buffers "
                     "overflowed).",
                 .evidence = "This is not your program's fault;",
                 .fix = "grade again, on a less loaded machine."};
}

// What it wrote in its folder. A program that crashed (a traceback, a signal, a status other
// than 0) is told by its crash, the file a note: an HTTP client's ValueError, not "wrote no
// file" with a file receiver's advice. A client still waiting (in recv(), for bytes that were
// not coming) when the case ended is told where it waited.
Finding FilesOrCrash(const observe::Observation& obs, const SocketTerms& terms) {
  Finding files = CheckWrittenFiles(obs);
  if (files.ok()) return files;
  Finding crash = CrashOf(obs, terms);
  if (crash.ok()) {
    if (!obs.program.exited && obs.role != nullptr && !obs.role->listens)
      files.AddNote(TimeoutNote(obs));
    // A receiver that reads a framing of its own (a length in other bytes, a fixed-size
    // name, a connection for each part) ends the connection before the sender has its
    // answer: that, and what it answered, is the cause of the file it never wrote.
    if (Finding framing = LedByTheConnectionsEnd(obs, files); !framing.ok()) return framing;
    return files;
  }
  crash.AddNote(files.Text());
  return crash;
}

// Before anything the program sent is read: how it ran, and how it used the network.
Finding CheckBeforeContent(const observe::Observation& obs, const SocketTerms& terms) {
  if (Finding f = CheckPython2(obs.program); !f.ok()) return f;
  if (Finding f = CheckStallAfterDrop(obs); !f.ok()) return f;
  if (Finding f = CheckLimits(obs.program); !f.ok()) return f;
  // Started again by the case's script, it did not listen: the rest follows from that.
  if (Finding f = CheckRestart(obs, terms); !f.ok()) return f;
  if (Finding f = CheckRecordCap(obs, terms); !f.ok()) return f;
  if (Finding f = CheckBypassedProxy(obs, terms); !f.ok()) return f;
  if (Finding f = CheckTooManyConnections(obs); !f.ok()) return f;
  if (Finding f = CheckWrongProtocol(obs, terms); !f.ok()) return f;
  if (obs.role->listens) {
    if (Finding f = CheckListening(obs, terms); !f.ok()) return f;
    if (Finding f = CheckReachable(obs); !f.ok()) return f;
  }
  // A case with a script: the step that did not happen as written is the verdict. But where
  // the program closed the connection the script was still sending on (its close reset it:
  // the rest never went) and wrote its file, that file says the cause: a receiver that took
  // what one recv() returned for the whole file. Which came first, the script's last write
  // into the socket or the reset, is the moment's; the file it wrote is the same, and so are
  // the words (no note of the reset, which one run has and the next may not).
  Finding script = CheckScript(obs, terms);
  if (!script.ok() && obs.script_failure &&
      obs.script_failure->kind == peers::ScriptFailure::Kind::kSendFailed)
    if (Finding files = FilesOrCrash(obs, terms); !files.ok()) return files;
  return script;
}

// What the program sent and printed, against what the case expects: the first that is wrong.
Content JudgeContent(const observe::Observation& obs, const KindChecks& kind) {
  const spec::Expect& e = obs.test->expect;
  Content c;
  c.finding = kind.traffic(obs);
  if (c.finding.ok()) c.finding = WithLinesHint(CheckStdout(obs, kind.terms), e, "stdout");
  if (c.finding.ok()) {
    c.finding = CheckOutputRules(obs, kind.terms);
    if (c.finding.ok()) c.finding = CheckReceivedIds(obs, kind.terms);
    c.own_check = !c.finding.ok();
  }
  if (!c.finding.ok())
    if (Finding elsewhere = CheckStraySends(obs); !elsewhere.ok()) {
      c.finding = elsewhere;
      c.went_elsewhere = true;
    }
  return c;
}

// Wrong content, or what the kind knows explains it better.
Finding ExplainContent(const observe::Observation& obs, const Content& c, const KindChecks& kind) {
  if (kind.explain)
    if (Finding better = kind.explain(obs, c); !better.ok()) return better;
  return c.finding;
}

// The content is right: how the program ended (its exit rule or status, a traceback).
Finding JudgeEnd(const observe::Observation& obs, const SocketTerms& terms) {
  const spec::Expect& e = obs.test->expect;
  if (Finding f = e.exit_status ? CheckExitStatus(*e.exit_status, obs.program)
                                : CheckExitRule(e.exit, obs.program, terms,
                                                InputUseOf(*obs.test, obs.program.program_path),
                                                TracebackContextOf(obs, terms));
      !f.ok()) {
    // It waits for an answer.
    if (Finding nl = CheckUnterminatedSend(obs, terms); !nl.ok()) return nl;
    // exit_status waits for the exit as `exit: required` does: a hint on either is told.
    return WithCheckHint(f, e,
                         e.exit_status && e.hints.count("exit_status") ? "exit_status" : "exit");
  }
  // The traceback is read with the habits of the kind's own programs, not the exercise's
  // context (its arguments and protocol).
  if (e.no_traceback)
    return WithCheckHint(CheckNoTraceback(obs.program, KindHabitsOf(obs)), e, "no_traceback");
  return Finding::Ok();
}

Finding JudgeEffect(const observe::Observation& obs, const KindChecks& kind) {
  if (Finding f = CheckGraderLoss(obs, kind.terms); !f.ok()) return f;
  // A server on another port was graded there: the port is wrong, and the rest is told too.
  // With `wrong_port: credit` a case right on that port passes (a note says so: check/notes.h).
  if (obs.role->listens && obs.listened_port != 0) {
    Finding rest = Judge(AsRunOnItsPort(obs), kind);
    if (rest.ok() && obs.spec->wrong_port == spec::WrongPort::kCredit) return rest;
    return ServerOnAnotherPort(obs, rest, kind.terms);
  }
  if (Finding f = CheckBeforeContent(obs, kind.terms); !f.ok()) return f;
  // What it wrote in its folder (a file receiver), once its part was played; or after its
  // traffic, where the kind's own wire explains what it wrote.
  if (kind.files_first)
    if (Finding f = FilesOrCrash(obs, kind.terms); !f.ok()) return f;
  if (kind.before_traffic)
    if (Finding f = kind.before_traffic(obs); !f.ok()) return f;
  Content content = JudgeContent(obs, kind);
  if (!content.finding.ok()) return ExplainContent(obs, content, kind);
  if (!kind.files_first)
    if (Finding f = FilesOrCrash(obs, kind.terms); !f.ok()) return f;
  return JudgeEnd(obs, kind.terms);
}

}  // namespace

// What went wrong, then its cause where a known pattern names it better (check/causes.h).
Finding Judge(const observe::Observation& obs, const KindChecks& kind) {
  return NameTheCause(obs, JudgeEffect(obs, kind), kind.terms);
}

}  // namespace netgrade::check
