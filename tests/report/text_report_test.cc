#include <gtest/gtest.h>

#include "harness/report/report.h"

namespace netgrade::report {
namespace {

check::CaseResult Failed(const std::string& name, const std::string& message) {
  check::CaseResult c;
  c.name = name;
  c.role = "client";
  c.description = "what " + name + " does";
  c.max_score = 1;
  c.verdict = check::Verdict::kFail;
  c.code = check::Code::kMissingProgram;
  c.message = message;
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
  EXPECT_NE(text.find("... and 461 more (--format json has them all)"), std::string::npos) << text;
}

}  // namespace
}  // namespace netgrade::report
