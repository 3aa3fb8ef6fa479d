#include <fmt/core.h>
#include <gtest/gtest.h>

#include "harness/report/report.h"

namespace netgrade::report {
namespace {

// A failed case whose explanation is `cause` and then `rest`, as MakeCaseResult makes it.
check::CaseResult Failed(const std::string& name, const std::string& cause,
                         const std::string& rest = "") {
  check::CaseResult c;
  c.name = name;
  c.role = "client";
  c.description = "what " + name + " does";
  c.max_score = 1;
  c.verdict = check::Verdict::kFail;
  c.code = check::Code::kMissingProgram;
  c.cause = cause;
  c.evidence = rest;
  c.message = check::RenderedMessage(c);
  return c;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(TextReport, SaysARepeatedExplanationOnce) {
  check::GradeResult r;
  r.exercise = "tcp-capitalize";
  const std::string missing = "There is no program for the role 'client'.";
  r.cases = {Failed("client-one-line", missing), Failed("client-several-lines", missing),
             Failed("client-exits", "It did not exit.")};
  r.max_score = 3;
  std::string text = Text(r);
  EXPECT_EQ(Count(text, missing), 1u) << text;
  EXPECT_NE(text.find("FAIL  client-several-lines"), std::string::npos) << text;
  EXPECT_NE(text.find("        The same as client-one-line above.\n"), std::string::npos) << text;
  EXPECT_EQ(Count(text, "It did not exit."), 1u)
      << "a different explanation is still given in full";
  EXPECT_NE(text.find("The case: what client-exits does."), std::string::npos) << text;
  EXPECT_EQ(text.find("The case: what client-several-lines does."), std::string::npos) << text;
}

TEST(TextReport, CutsALongTranscriptAndSaysHowMuchIsLeft) {
  check::GradeResult r;
  check::CaseResult c = Failed("client-answer-dropped", "It sent the line 500 times.");
  c.transcript.push_back("fault plan (seed 1): to the student: drops #1");
  for (int i = 1; i <= 500; ++i) c.transcript.push_back("event #" + std::to_string(i) + ";");
  r.cases = {c};
  std::string text = Text(r);
  EXPECT_NE(text.find("event #39;"), std::string::npos) << text;
  EXPECT_EQ(text.find("event #40;"), std::string::npos) << text;
  EXPECT_NE(text.find("... 461 more lines (--format json has them all)"), std::string::npos)
      << text;
}

// The text report is the student's: a case the spec hides shows its name, result and points,
// and says its details are hidden, until when.
TEST(TextReport, APassingCaseShowsItsNoteUnlessHidden) {
  check::GradeResult r;
  check::CaseResult c = Failed("client-one-line", "");
  c.verdict = check::Verdict::kPass;
  c.notes = {
      "client.py connected to 192.168.0.123 (written in the program?); netgrade led it to "
      "the server."};
  check::CaseResult again = c;
  again.name = "client-several-lines";
  check::CaseResult hidden = c;
  hidden.name = "client-hidden";
  hidden.notes = {"a secret note"};
  hidden.visibility = spec::Visibility::kHidden;
  r.cases = {c, again, hidden};
  std::string text = Text(r);
  EXPECT_EQ(Count(text, "        Note: client.py connected to 192.168.0.123"), 1u) << text;
  EXPECT_NE(text.find("        Note: the same as for client-one-line above.\n"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("a secret note"), std::string::npos) << text;
}

TEST(TextReport, AHiddenCaseShowsItsResultButNotWhy) {
  check::GradeResult r;
  check::CaseResult c = Failed("server-secret", "It answered 'HELLO' to 'hello'.");
  c.visibility = spec::Visibility::kAfterDueDate;
  c.transcript = {"fault plan (seed 1): to the student: drops #1"};
  check::CaseResult hidden = Failed("server-never-shown", "Another explanation.");
  hidden.visibility = spec::Visibility::kHidden;
  r.cases = {c, hidden};
  std::string text = Text(r, /*verbose=*/true);
  EXPECT_NE(
      text.find("FAIL  server-secret         0/1   (details hidden until after the due date)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("FAIL  server-never-shown    0/1   (details hidden)"), std::string::npos)
      << text;
  for (const char* secret :
       {"HELLO", "Another explanation", "fault plan", "what server-secret", "missing_program"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " shows:\n" << text;
  EXPECT_NE(text.find("2 of 2 cases failed"), std::string::npos) << text;
}

TEST(TextReport, NamesASingleCaseInTheSingular) {
  check::GradeResult r;
  check::CaseResult c = Failed("client-one-line", "It did not exit.");
  r.cases = {c};
  EXPECT_NE(Text(r).find("— the only case failed."), std::string::npos) << Text(r);
  r.cases[0].verdict = check::Verdict::kPass;
  EXPECT_NE(Text(r).find("— the only case passed."), std::string::npos) << Text(r);
  EXPECT_EQ(Text(r).find("all 1 cases"), std::string::npos) << Text(r);
  r.cases.push_back(r.cases[0]);
  EXPECT_NE(Text(r).find("— all 2 cases passed."), std::string::npos) << Text(r);
}

// A figure of 1 takes its unit in the singular where the figure has one ("1 packet").
TEST(TextReport, AFigureOfOneNamesItsUnitInTheSingular) {
  check::GradeResult r;
  check::CaseResult c = Failed("sender-one-byte", "It did not exit.");
  c.figures = {
      {.name = "most in flight",
       .value = 1,
       .unit = "packets",
       .unit_of_one = "packet",
       .words = ""},
      {.name = "sent again", .value = 2, .unit = "packets", .unit_of_one = "packet", .words = ""},
      {.name = "goodput", .value = 1, .unit = "Mbit/s", .words = ""}};
  r.cases = {c};
  const std::string text = Text(r);
  EXPECT_NE(text.find("most in flight 1 packet; sent again 2 packets; goodput 1 Mbit/s."),
            std::string::npos)
      << text;
}

// A client that never connected: the transcript holds only the fault plan.
TEST(TextReport, PrintsNoProxyBlockWhenNothingCrossed) {
  check::GradeResult r;
  check::CaseResult c = Failed("client-one-line", "It never connected.");
  c.fault_plan = "fault plan (seed 1): none";
  c.transcript = {c.fault_plan};
  r.cases = {c};
  EXPECT_EQ(Text(r).find("What crossed the proxy"), std::string::npos) << Text(r);
  r.cases[0].transcript.push_back("0 ms from student #1 got 'hello\\n'");
  EXPECT_NE(Text(r).find("What crossed the proxy:\n          fault plan (seed 1): none\n"),
            std::string::npos)
      << Text(r);
}

// Each case has a port of its own: the same wrong-port advice with another port of the case's
// is given once. What the advice is without the case's port is its maker's word
// (CaseResult::without_case_port), never the message with its numbers taken out.
TEST(TextReport, GivesTheWrongPortAdviceOnceWhenOnlyThePortDiffers) {
  check::GradeResult r;
  auto wrong_port = [](const std::string& name, int used, int port) {
    check::CaseResult c = Failed(name, "");
    c.code = check::Code::kWrongPort;
    c.message = fmt::format(
        "server.py listens on port {0}, not {1}. netgrade gave it port {1} on its command line.",
        used, port);
    c.without_case_port = fmt::format(
        "server.py listens on port {}, not {{port}}. netgrade gave it port {{port}} on its "
        "command line.",
        used);
    return c;
  };
  r.cases = {wrong_port("server-one-line", 12000, 40001),
             wrong_port("server-two-lines", 12000, 40002)};
  std::string text = Text(r);
  EXPECT_EQ(Count(text, "netgrade gave it port"), 1u) << text;
  EXPECT_NE(text.find("The same as server-one-line above (with this case's port).\n"),
            std::string::npos)
      << text;
  // Another port of the program's own is other advice, though only a number differs.
  r.cases = {wrong_port("server-one-line", 12000, 40001),
             wrong_port("server-two-lines", 13000, 40002)};
  EXPECT_EQ(Count(Text(r), "netgrade gave it port"), 2u) << Text(r);
  // Without its maker's mark, the case's port keeps the advice apart.
  r.cases = {wrong_port("server-one-line", 12000, 40001),
             wrong_port("server-two-lines", 12000, 40002)};
  for (check::CaseResult& c : r.cases) c.without_case_port.clear();
  EXPECT_EQ(Text(r).find("The same as"), std::string::npos) << Text(r);
  // Two messages of another code that differ only in numbers are both given in full.
  r.cases = {Failed("a", "received only 1 of the 3 expected messages"),
             Failed("b", "received only 2 of the 3 expected messages")};
  EXPECT_EQ(Text(r).find("The same as"), std::string::npos) << Text(r);
}

TEST(TextReport, AContentFailureShowsTheCauseFirstThenSentExpectedReceivedAndTheRerun) {
  check::GradeResult r;
  r.spec_file = "specs/tcp-capitalize.yaml";
  r.submission = "Anna's work";
  r.seed = 7;
  check::CaseResult c =
      Failed("server-one-line", "Your server answered 'hello'. This looks like an echo.");
  c.difference = check::Difference{"hello", "HELLO", "hello"};
  r.cases = {c};
  TextOptions options;
  options.rerun.program = "build/netgrade";
  std::string text = Text(r, options);
  size_t cause = text.find("Your server answered 'hello'. This looks like an echo.");
  size_t sent = text.find("          sent:     'hello'\n");
  size_t expected = text.find("          expected: 'HELLO'\n");
  size_t received = text.find("          received: 'hello'\n");
  size_t caret = text.find("                     ^ first difference\n");
  size_t the_case = text.find("The case:");
  size_t rerun = text.find(
      "        Rerun it: build/netgrade check specs/tcp-capitalize.yaml --submission "
      "'Anna'\\''s work' --case server-one-line --seed 7\n");
  ASSERT_NE(rerun, std::string::npos) << text;
  EXPECT_LT(cause, sent) << text;
  EXPECT_LT(sent, expected) << text;
  EXPECT_LT(expected, received) << text;
  EXPECT_LT(received, caret) << text;
  EXPECT_LT(caret, the_case) << text;
  EXPECT_LT(the_case, rerun) << text;
}

TEST(TextReport, ColourOnlyWhenAskedAndTheWordsStay) {
  check::GradeResult r;
  check::CaseResult pass = Failed("a", "");
  pass.verdict = check::Verdict::kPass;
  check::CaseResult fail = Failed("b", "It failed.", "Because.");
  check::CaseResult error = Failed("c", "The grader failed.");
  error.verdict = check::Verdict::kGraderError;
  r.cases = {pass, fail, error};
  std::string plain = Text(r);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos) << plain;
  EXPECT_NE(plain.find("  PASS  a"), std::string::npos) << plain;
  EXPECT_NE(plain.find("  FAIL  b"), std::string::npos) << plain;
  EXPECT_NE(plain.find("  ERROR c"), std::string::npos) << plain;
  TextOptions options;
  options.color = true;
  std::string coloured = Text(r, options);
  EXPECT_NE(coloured.find("\x1b[32mPASS\x1b[0m"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("\x1b[1;31mFAIL\x1b[0m"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("\x1b[33mERROR\x1b[0m"), std::string::npos) << coloured;
  // The first sentence of the explanation, the likely cause, stands out.
  EXPECT_NE(coloured.find("\x1b[1mIt failed.\x1b[0m Because."), std::string::npos) << coloured;
}

// What is bold is the cause as the check made it, whatever dots its words hold.
TEST(TextReport, BoldIsExactlyTheCausePart) {
  check::GradeResult r;
  r.cases = {Failed("b", "It answered 'a. b' to it's input (the first one. Really).", "Then more."),
             Failed("c", "Convert it, e.g. with upper().", "Then send it.")};
  TextOptions options;
  options.color = true;
  std::string text = Text(r, options);
  EXPECT_NE(text.find("\x1b[1mIt answered 'a. b' to it's input (the first one. Really).\x1b[0m "
                      "Then more."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\x1b[1mConvert it, e.g. with upper().\x1b[0m Then send it."),
            std::string::npos)
      << text;
}

TEST(TextReport, CutsALongExplanationWithALineCount) {
  check::GradeResult r;
  std::string message = "It crashed.";
  for (int i = 1; i <= 100; ++i) message += "\nline " + std::to_string(i);
  r.cases = {Failed("b", message)};
  std::string text = Text(r);
  EXPECT_NE(text.find("line 29\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("line 30\n"), std::string::npos) << text;
  EXPECT_NE(text.find("... 71 more lines\n"), std::string::npos) << text;
}

// The report of one submission of a batch that could not be graded is that submission's alone:
// no summary of "1 submissions" under it; two or more are summed up.
TEST(TextReport, ASingleLayoutErrorHasNoClassSummary) {
  run::GradeOutcome carol;
  carol.result.exercise = "tcp-capitalize";
  carol.result.submission = "carol";
  carol.layout_error = "There is no program for the role 'server'.";
  std::string one = TextClass({carol});
  EXPECT_NE(one.find("Not graded: the submission's layout is wrong."), std::string::npos);
  EXPECT_EQ(one.find("Summary"), std::string::npos) << one;
  EXPECT_NE(TextClass({carol, carol}).find("Summary (2 submissions):"), std::string::npos);
}

}  // namespace
}  // namespace netgrade::report

namespace netgrade::report {
namespace {

TEST(TextReport, AFailingCaseNamesItsCaptureAndAPassingOneOnlyWhenVerbose) {
  check::GradeResult r;
  r.exercise = "udp-pinger";
  check::CaseResult passed;
  passed.name = "no-loss";
  passed.max_score = passed.score = 1;
  passed.capture = check::Capture{"/tmp/pcap/no-loss.pcapng", 40, 0, 0, ""};
  check::CaseResult failed = Failed("pings-3-and-7-lost", "It printed nothing.");
  failed.capture = check::Capture{"/tmp/pcap/pings-3-and-7-lost.pcapng", 38, 5, 2, ""};
  r.cases = {passed, failed};
  std::string text = Text(r, TextOptions{});
  EXPECT_NE(text.find("        Its packets: /tmp/pcap/pings-3-and-7-lost.pcapng (38 packets, 2 of "
                      "them with what the fault plan did; 5 more not kept, past its bound; "
                      "Wireshark opens it)\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("no-loss.pcapng"), std::string::npos) << text;
  TextOptions verbose;
  verbose.verbose = true;
  EXPECT_NE(Text(r, verbose)
                .find("Its packets: /tmp/pcap/no-loss.pcapng (40 packets; Wireshark "
                      "opens it)"),
            std::string::npos);
}

}  // namespace
}  // namespace netgrade::report
