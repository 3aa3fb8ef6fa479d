// The checks a spec writes itself (stdout_matches, stdout_contains, stdout_lines, received_*,
// exit_status, no_traceback), on lines and runs built by hand: each fails for its reason,
// says what was expected and what came, escaped, and ends with the spec's hint.
#include "harness/check/output_checks.h"

#include <gtest/gtest.h>

#include "harness/base/text.h"
#include "harness/spec/load.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using observed_test::Judge;
using spec::LineRule;
using testing_support::ExpectWords;

LineRule Rule(LineRule::Kind kind, const std::string& pattern, int64_t at_least = 0,
              int64_t at_most = -1, const std::string& hint = "") {
  LineRule r;
  r.kind = kind;
  r.pattern = pattern;
  r.at_least = at_least;
  r.at_most = at_most;
  r.hint = hint;
  return r;
}

const std::vector<std::string> kPinger = {"Reply from 127.0.0.1: PING 1 0.5",
                                          "Reply from 127.0.0.1: PING 2 0.6", "Request timed out",
                                          "Reply from 127.0.0.1: PING 4 0.4"};

Finding Check(const std::vector<LineRule>& rules, const std::vector<std::string>& lines) {
  return CheckLineRules(rules, lines, "client.py printed", "line");
}

TEST(OutputChecks, PatternsMatchSomeLineInOrder) {
  EXPECT_TRUE(Check({Rule(LineRule::Kind::kMatches, "^Reply from .*PING 1 "),
                     Rule(LineRule::Kind::kMatches, "^Request timed out$")},
                    kPinger)
                  .ok());
  Finding f =
      Check({Rule(LineRule::Kind::kMatches, "timed out"), Rule(LineRule::Kind::kMatches, "PING 2")},
            kPinger);
  EXPECT_EQ(f.code, Code::kNoMatchingLine);
  // Where the search began (the line the first rule matched), and what it looked for.
  ExpectWords(f);
}

TEST(OutputChecks, AMissingPatternShowsTheLastLinesThatCameAndTheHint) {
  std::vector<std::string> many;
  for (int i = 1; i <= 7; ++i) many.push_back("line " + std::to_string(i));
  Finding f = Check({Rule(LineRule::Kind::kMatches, "^Reply", 0, -1, "Print each reply.")}, many);
  EXPECT_EQ(f.code, Code::kNoMatchingLine);
  // The hint is the fix; what came, its last 5 lines of 7, follows it as a note.
  ExpectWords(f);
  EXPECT_EQ(f.fix, "Print each reply.");
  ASSERT_EQ(f.notes.size(), 1u) << f.Text();
  EXPECT_NE(f.notes[0].find("5 of the 7"), std::string::npos) << f.notes[0];
  EXPECT_NE(f.notes[0].find("\n    3: 'line 3'"), std::string::npos) << f.notes[0];
  EXPECT_NE(f.notes[0].find("\n    7: 'line 7'"), std::string::npos) << f.notes[0];
  EXPECT_EQ(f.Text().find("'line 2'"), std::string::npos) << f.Text();  // the test's point
}

// The line the cause names ("after line 1") is among the lines shown, however many came
// after it: with 6 lines, all 6 (never "the last 5 of the 6"); with 8, it and the last 5.
TEST(OutputChecks, TheLineTheCauseNamesIsShown) {
  std::vector<std::string> lines = {"PING 1"};
  for (int i = 2; i <= 6; ++i) lines.push_back("line " + std::to_string(i));
  std::vector<LineRule> rules = {Rule(LineRule::Kind::kMatches, "PING 1"),
                                 Rule(LineRule::Kind::kMatches, "PING 2")};
  Finding f = Check(rules, lines);
  ExpectWords(f, "6 lines");
  // The test's point: never "the last 5 of the 6".
  EXPECT_EQ(f.Text().find("The last 5 of the 6"), std::string::npos) << f.Text();
  lines.push_back("line 7");
  lines.push_back("line 8");
  f = Check(rules, lines);
  ExpectWords(f, "8 lines");
}

TEST(OutputChecks, WhatCameIsEscaped) {
  Finding f = Check({Rule(LineRule::Kind::kContains, "Reply")}, {"\x1b[2Jgone"});
  EXPECT_EQ(f.Text().find('\x1b'), std::string::npos) << f.Text();  // the test's point
  ExpectWords(f);
}

TEST(OutputChecks, ContainsIsPlainTextNotAPattern) {
  EXPECT_TRUE(Check({Rule(LineRule::Kind::kContains, "127.0.0.1: PING")}, kPinger).ok());
  Finding f = Check({Rule(LineRule::Kind::kContains, "Reply.*4")}, kPinger);
  EXPECT_EQ(f.code, Code::kNoMatchingLine);
  ExpectWords(f);
}

TEST(OutputChecks, NothingPrintedIsSaid) {
  Finding f = Check({Rule(LineRule::Kind::kContains, "Reply")}, {});
  EXPECT_EQ(f.code, Code::kNoMatchingLine);
  ExpectWords(f);
}

TEST(OutputChecks, ExactlyNCountsNonBlankLines) {
  std::vector<std::string> lines = kPinger;
  lines.push_back("  ");
  EXPECT_TRUE(Check({Rule(LineRule::Kind::kCount, "", 4, 4)}, lines).ok());
  Finding f = Check({Rule(LineRule::Kind::kCount, "", 10, 10)}, lines);
  EXPECT_EQ(f.code, Code::kLineCount);
  ExpectWords(f);  // 4 lines, not the blank one, where 10 are expected
}

TEST(OutputChecks, AtLeastKLinesMatchingAPattern) {
  LineRule replies = Rule(LineRule::Kind::kCount, "^Reply from ", 3, -1, "Wait 1 s per ping.");
  EXPECT_TRUE(Check({replies}, kPinger).ok());
  replies.at_least = 4;
  Finding f = Check({replies}, kPinger);
  EXPECT_EQ(f.code, Code::kLineCount);
  ExpectWords(f);
  // The hint is the fix, and what came follows it.
  EXPECT_EQ(f.fix, "Wait 1 s per ping.");
  ASSERT_EQ(f.notes.size(), 1u) << f.Text();
  EXPECT_NE(f.notes[0].find("'Reply from 127.0.0.1: PING 4 0.4'"), std::string::npos);
}

TEST(OutputChecks, AtMostAndRangesAreWorded) {
  Finding f = Check({Rule(LineRule::Kind::kCount, "", 0, 2)}, kPinger);
  ExpectWords(f, "at most 2");
  f = Check({Rule(LineRule::Kind::kCount, "", 5, 9)}, kPinger);
  ExpectWords(f, "from 5 to 9");
  f = CheckLineRules({Rule(LineRule::Kind::kCount, "", 2, 2)}, {"x"},
                     "The reference server received", "datagram");
  EXPECT_EQ(f.cause.rfind("The reference server received 1 datagram ", 0), 0u)
      << "its subject and its unit, as the caller gave them: " << f.cause;
}

observe::ProgramRun Ran(bool exited, int status, int signal, const std::string& err = "") {
  observe::ProgramRun run;
  run.display_name = "client.py";
  run.exited = exited;
  run.status = status;
  run.signal = signal;
  run.stderr_text = err;
  return run;
}

TEST(OutputChecks, ExitStatusMustBeTheOneRequired) {
  EXPECT_TRUE(CheckExitStatus(3, Ran(true, 3, 0)).ok());
  Finding f = CheckExitStatus(3, Ran(true, 0, 0));
  EXPECT_EQ(f.code, Code::kWrongExitStatus);
  ExpectWords(f);
  EXPECT_EQ(CheckExitStatus(0, Ran(true, 0, 11)).code, Code::kWrongExitStatus);
  EXPECT_EQ(CheckExitStatus(0, Ran(false, 0, 0)).code, Code::kDidNotExit);
}

TEST(OutputChecks, TheRequiredNonZeroStatusIsNoCrash) {
  spec::Expect e;
  e.exit_status = 2;
  EXPECT_TRUE(ExitedWithRequiredStatus(e, Ran(true, 2, 0)));
  EXPECT_FALSE(ExitedWithRequiredStatus(e, Ran(true, 1, 0)));
  EXPECT_FALSE(ExitedWithRequiredStatus(spec::Expect{}, Ran(true, 0, 0)));
}

TEST(OutputChecks, APythonTracebackQuotesItsLastLine) {
  EXPECT_TRUE(CheckNoTraceback(Ran(true, 0, 0, "warning: something\n")).ok());
  Finding f = CheckNoTraceback(
      Ran(true, 1, 0,
          "Traceback (most recent call last):\n  File \"c.py\", line 3\nZeroDivisionError: "
          "division by zero\n\n"));
  EXPECT_EQ(f.code, Code::kTraceback);
  ExpectWords(f);
}

TEST(OutputChecks, AnUncaughtCppExceptionIsATracebackToo) {
  Finding f = CheckNoTraceback(
      Ran(false, 0, 6,
          "terminate called after throwing an instance of 'std::runtime_error'\n  what():  "
          "\x1b]0;boom\n"));
  EXPECT_EQ(f.code, Code::kTraceback);
  ExpectWords(f);  // its what(), escaped
}

// Through Judge: where the new checks stand among the built-in ones.
constexpr const char* kClientSpec = R"(exercise: x
protocol: tcp
roles:
  client: {listens: false}
cases:
  - name: one
    role: client
    peer: {reply: "{upper}"}
    expect:
EXPECT)";

struct Judged {
  spec::Spec spec;
  std::vector<std::string> dropped_not_resent;
  Finding Of(const std::string& out, const observe::ProgramRun& run,
             const std::string& received = "ping 1\nping 2\n") {
    observe::Observation o;
    o.spec = &spec;
    o.test = &spec.cases[0];
    o.role = &spec.roles[0];
    o.port = 40000;
    o.program = run;
    o.stdout_text = out;
    o.dropped_not_resent = dropped_not_resent;
    peers::ConnectionLog log;
    log.connected = true;
    log.complete = true;
    log.received = received;
    if (spec.protocol == spec::Protocol::kUdp) log.datagrams = SplitLines(received);
    o.connections.push_back(log);
    return Judge(o);
  }
};

Judged WithExpect(const std::string& expect, bool udp_with_faults = false) {
  std::string yaml = kClientSpec;
  yaml.replace(yaml.find("EXPECT"), 6, expect);
  if (udp_with_faults) {
    yaml.replace(yaml.find("tcp"), 3, "udp");
    yaml += "    faults: {to_student: {drop: [1]}}\n";
  }
  spec::LoadResult r = spec::LoadSpecString(yaml, "x.yaml");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front().ToString());
  return Judged{.spec = r.ok() ? *r.spec : spec::Spec{}, .dropped_not_resent = {}};
}

TEST(OutputChecksJudged, StdoutRulesAreJudgedAfterTheBuiltInContent) {
  Judged j =
      WithExpect("      stdout_matches: {pattern: '^PING 2$', hint: 'Print each answer.'}\n");
  EXPECT_TRUE(j.Of("PING 1\nPING 2\n", Ran(true, 0, 0)).ok());
  Finding f = j.Of("PING 1\n", Ran(false, 0, 0));
  EXPECT_EQ(f.code, Code::kNoMatchingLine);
  EXPECT_EQ(f.fix, "Print each answer.");
}

TEST(OutputChecksJudged, WhatTheReferenceServerReceivedIsCheckedLineByLine) {
  Judged j = WithExpect("      received_lines: {matching: '^ping \\d+$', exactly: 3}\n");
  EXPECT_TRUE(j.Of("", Ran(false, 0, 0), "ping 1\nping 2\nping 3\n").ok());
  Finding f = j.Of("", Ran(false, 0, 0));
  EXPECT_EQ(f.code, Code::kLineCount);
  EXPECT_EQ(f.cause.rfind("The reference server received 2 lines ", 0), 0u) << f.cause;
}

TEST(OutputChecksJudged, TheRequiredStatusIsNotTakenForACrash) {
  Judged j = WithExpect("      exit_status: 2\n      stdout_contains: done\n");
  EXPECT_TRUE(j.Of("done\n", Ran(true, 2, 0)).ok());
  // The content is what is wrong, not the status it was asked to exit with.
  EXPECT_EQ(j.Of("nope\n", Ran(true, 2, 0)).code, Code::kNoMatchingLine);
  EXPECT_EQ(j.Of("done\n", Ran(true, 0, 0)).code, Code::kWrongExitStatus);
  EXPECT_EQ(j.Of("nope\n", Ran(true, 1, 0, "oops\n")).code, Code::kCrashed);
}

TEST(OutputChecksJudged, ATracebackFailsACaseThatOtherwiseHolds) {
  Judged j = WithExpect("      stdout_contains: done\n      no_traceback: true\n");
  EXPECT_TRUE(j.Of("done\n", Ran(true, 0, 0)).ok());
  Finding f = j.Of("done\n", Ran(true, 1, 0,
                                 "Traceback (most recent call last):\n  File \"c.py\", line 9, "
                                 "in <module>\nConnectionResetError: [Errno 104] reset\n"));
  EXPECT_EQ(f.code, Code::kTraceback);
  ExpectWords(f);
}

TEST(OutputChecksJudged, AFailedOwnCheckIsNotTurnedIntoResendAdvice) {
  // A pinger does not send a lost ping again: the capitalize client's advice does not fit.
  Judged j = WithExpect("      stdout_lines: {matching: '^Reply', at_least: 2}\n");
  j.dropped_not_resent = {"Ping 2"};
  Finding f = j.Of("Reply 1\nRequest timed out\n", Ran(true, 0, 0));
  EXPECT_EQ(f.code, Code::kLineCount) << f.Text();
  EXPECT_EQ(f.Text().find("again"), std::string::npos) << f.Text();  // the test's point
}

TEST(OutputChecksJudged, ADatagramSentAgainAfterALossCountsOnce) {
  Judged j = WithExpect("      received_lines: 2\n", true);
  EXPECT_TRUE(j.Of("", Ran(true, 0, 0), "one\none\ntwo\n").ok());
  EXPECT_EQ(j.Of("", Ran(true, 0, 0), "one\ntwo\nthree\n").code, Code::kLineCount);
}

// `resends: counted`: a client that must give up after 3 sends of a query is held to it, where
// by default a datagram sent again after a loss counts once.
TEST(OutputChecksJudged, ResendsCountedCountEveryDatagram) {
  Judged j = WithExpect(
      "      received_lines: {matching: '^7 www', at_most: 3, resends: counted}\n", true);
  EXPECT_TRUE(j.Of("", Ran(true, 0, 0), "7 www\n7 www\n7 www\n").ok());
  Finding f = j.Of("", Ran(true, 0, 0), "7 www\n7 www\n7 www\n7 www\n");
  EXPECT_EQ(f.code, Code::kLineCount) << f.Text();
  ExpectWords(f);  // all 4 datagrams counted
  Judged once = WithExpect("      received_lines: {matching: '^7 www', at_most: 3}\n", true);
  EXPECT_TRUE(once.Of("", Ran(true, 0, 0), "7 www\n7 www\n7 www\n7 www\n").ok())
      << "by default the same datagram in a row is one sent again";
}

// A hint written as a phrase ends its sentence before the lines that came: "3 sends." and not
// "3 sends What came:".
TEST(OutputChecksJudged, AHintWithoutAFullStopGetsOne) {
  Judged j = WithExpect("      received_lines: {matching: '^7 ', exactly: 3, hint: 3 sends}\n");
  Finding f = j.Of("", Ran(true, 0, 0), "7 a\n");
  EXPECT_EQ(f.fix, "3 sends.");
}

}  // namespace
}  // namespace netgrade::check
