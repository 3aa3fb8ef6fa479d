#include "harness/cli/batch_progress.h"

#include <gtest/gtest.h>

namespace netgrade::cli {
namespace {
using std::chrono::seconds;

run::GradeOutcome Graded(int score, int max) {
  run::GradeOutcome o;
  check::CaseResult c;
  c.name = "server-one-line";
  c.score = score;
  c.max_score = max;
  c.verdict = score == max ? check::Verdict::kPass : check::Verdict::kFail;
  o.result.cases = {c};
  o.result.score = score;
  o.result.max_score = max;
  return o;
}

run::BatchEvent Event(const run::GradeOutcome& o, const std::string& name = "alice") {
  run::BatchEvent e;
  e.name = name;
  e.outcome = &o;
  e.done = 3;
  e.total = 10;
  e.failed = 1;
  e.elapsed = seconds(30);
  return e;
}

TEST(ShortDuration, SecondsMinutesHours) {
  EXPECT_EQ(ShortDuration(seconds(42)), "42s");
  EXPECT_EQ(ShortDuration(seconds(185)), "3m05s");
  EXPECT_EQ(ShortDuration(seconds(3720)), "1h02m");
}

TEST(Estimate, FromThePaceOfThisRunOnly) {
  run::GradeOutcome o = Graded(1, 1);
  run::BatchEvent e = Event(o);
  EXPECT_EQ(Estimate(e), "about 1m10s left");  // 10 s each, 7 to go
  e.resumed = 2;                               // only 1 graded by this run, in 30 s
  EXPECT_EQ(Estimate(e), "about 3m30s left");
  e.resumed = 3;
  EXPECT_EQ(Estimate(e), "") << "nothing timed yet";
  e.resumed = 0;
  e.done = 10;
  EXPECT_EQ(Estimate(e), "") << "nothing left";
}

TEST(ProgressText, PipedIsOneWholeLinePerSubmission) {
  run::GradeOutcome o = Graded(0, 1);
  EXPECT_EQ(ProgressText(Event(o), false),
            "netgrade: [3/10] alice: failed 0/1 (3/10 done, 1 failed, 30s elapsed, about 1m10s "
            "left)\n");
}

TEST(ProgressText, OnATerminalOneLineRedrawnInPlace) {
  run::GradeOutcome o = Graded(1, 1);
  EXPECT_EQ(ProgressText(Event(o), true),
            "\r\033[Knetgrade: 3/10 done, 1 failed, 30s elapsed, about 1m10s left");
}

TEST(ProgressText, AStudentsFolderNameIsEscapedOnOneLine) {
  run::GradeOutcome o = Graded(1, 1);
  std::string line = ProgressText(Event(o, "evil\n\x1b[2J"), false);
  EXPECT_NE(line.find("evil\\n\\x1b[2J: passed"), std::string::npos) << line;
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_EQ(line.find('\n'), line.size() - 1);
}

TEST(ProgressText, ALayoutErrorSaysSo) {
  run::GradeOutcome o;
  o.layout_error = "submission 'x' is not a directory";
  EXPECT_NE(ProgressText(Event(o), false)
                .find("alice: layout error: submission 'x' is not a directory ("),
            std::string::npos);
}

TEST(ProgressText, TheStartSaysHowManyAreLeft) {
  run::BatchEvent e;
  e.kind = run::BatchEvent::kStarted;
  e.total = 10;
  EXPECT_EQ(ProgressText(e, false), "netgrade: 10 submissions to grade\n");
  e.done = e.resumed = 4;
  EXPECT_EQ(ProgressText(e, false),
            "netgrade: 6 of 10 submissions to grade (4 graded by an earlier run)\n");
  EXPECT_EQ(ProgressText(e, true),
            "netgrade: 6 of 10 submissions to grade (4 graded by an earlier run)\n"
            "netgrade: 4/10 done, 0 failed, 0s elapsed");
}

run::GradeOutcome GraderError() {
  run::GradeOutcome o = Graded(0, 1);
  o.result.cases[0].verdict = check::Verdict::kGraderError;
  o.result.cases[0].message = "The grader itself failed in this case (bind: Address in use).";
  return o;
}

TEST(ProgressText, AGraderErrorIsRetriedAndThenRecordedAsNoScore) {
  run::GradeOutcome o = GraderError();
  run::BatchEvent retry = Event(o);
  retry.kind = run::BatchEvent::kRetrying;
  EXPECT_EQ(ProgressText(retry, false),
            "netgrade: alice: the grader itself failed (case server-one-line: The grader itself "
            "failed in this case (bind: Address in use).); graded again after the others\n");
  run::BatchEvent last = Event(o);
  last.grader_errors = 1;
  std::string text = ProgressText(last, false);
  EXPECT_NE(text.find("recorded as grader_error, not as a score; --resume grades it again\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("alice: grader error (no score) (3/10 done, 1 failed, 1 grader errors"),
            std::string::npos)
      << text;
}

TEST(ProgressText, OnATerminalAMessageStaysAboveTheRedrawnLine) {
  run::GradeOutcome o = GraderError();
  run::BatchEvent retry = Event(o);
  retry.kind = run::BatchEvent::kRetrying;
  std::string text = ProgressText(retry, true);
  EXPECT_EQ(text.rfind("\r\033[Knetgrade: alice: the grader itself failed", 0), 0u) << text;
  EXPECT_NE(text.find("others\nnetgrade: 3/10 done"), std::string::npos) << text;
}

}  // namespace
}  // namespace netgrade::cli
