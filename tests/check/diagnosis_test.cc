#include "harness/check/diagnosis.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace netgrade::check {
namespace {

// Every code, from the first to the last of the enum.
std::vector<Code> AllCodes() {
  std::vector<Code> out;
  for (int i = static_cast<int>(Code::kNone); i <= static_cast<int>(Code::kNotRunHere); ++i)
    out.push_back(static_cast<Code>(i));
  return out;
}

// specs/FORMAT.md lists every code with its line: each name CodeName gives (whatever the enum
// holds, also codes appended after kGraderProblem) is a "- `name`: ..." item of its list.
TEST(Diagnosis, FormatMdListsEveryCode) {
  std::ifstream in(std::string(NETGRADE_SOURCE_DIR) + "/specs/FORMAT.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const size_t list = doc.find("\n## Diagnosis codes\n");
  ASSERT_NE(list, std::string::npos) << "specs/FORMAT.md has no '## Diagnosis codes' section";
  const std::string section = doc.substr(list, doc.find("\n## ", list + 1) - list);
  int named = 0;
  for (int i = 0; i < 256; ++i) {
    std::string_view name = CodeName(static_cast<Code>(i));
    if (name == "unknown") continue;
    ++named;
    EXPECT_NE(section.find("\n- `" + std::string(name) + "`: "), std::string::npos)
        << "specs/FORMAT.md's list of diagnosis codes has no line '- `" << name << "`: ...'";
  }
  EXPECT_GE(named, static_cast<int>(AllCodes().size()));
}

TEST(Diagnosis, EveryCodeHasAStableNameThatReadsBackAsItself) {
  std::set<std::string_view> seen;
  for (Code c : AllCodes()) {
    std::string_view name = CodeName(c);
    EXPECT_NE(name, "unknown") << "code " << static_cast<int>(c) << " has no name";
    EXPECT_TRUE(seen.insert(name).second) << "two codes are named " << name;
    ASSERT_TRUE(CodeFromName(name).has_value()) << name;
    EXPECT_EQ(*CodeFromName(name), c) << name;
    for (char ch : name)
      EXPECT_TRUE((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')
          << "'" << name << "' is not snake_case";
  }
}

TEST(Diagnosis, TheNamesFixturesAndReportsUseAreThese) {
  // expected.yaml files and JSON reports spell them so: a rename breaks them.
  EXPECT_EQ(CodeName(Code::kNone), "none");
  EXPECT_EQ(CodeName(Code::kEcho), "echo");
  EXPECT_EQ(CodeName(Code::kNoUdpTimeout), "no_udp_timeout");
  EXPECT_EQ(CodeName(Code::kGraderProblem), "grader_problem");
  EXPECT_EQ(CodeName(Code::kOneClientAtATime), "one_client_at_a_time");
  EXPECT_EQ(CodeName(Code::kNoReconnect), "no_reconnect");
  EXPECT_EQ(CodeName(Code::kUnwantedConnection), "unwanted_connection");
}

// The outcome follows from the code alone: every report and the exit status read it so.
TEST(Diagnosis, TheVerdictFollowsFromTheCodeAlone) {
  EXPECT_EQ(VerdictOf(Code::kNone), Verdict::kPass);
  EXPECT_EQ(VerdictOf(Code::kGraderProblem), Verdict::kGraderError);
  EXPECT_EQ(VerdictOf(Code::kNotRunHere), Verdict::kNotRun);
  for (Code c : AllCodes()) {
    if (c == Code::kNone || c == Code::kGraderProblem || c == Code::kNotRunHere) continue;
    EXPECT_EQ(VerdictOf(c), Verdict::kFail) << CodeName(c) << " is the student's failure";
  }
}

TEST(Diagnosis, ACodeWithoutARowIsTheGradersError) {
  EXPECT_EQ(VerdictOf(static_cast<Code>(250)), Verdict::kGraderError);
}

TEST(Diagnosis, AnUnknownOrMisspeltNameIsNone) {
  EXPECT_EQ(CodeFromName("Echo"), std::nullopt);
  EXPECT_EQ(CodeFromName("no-output"), std::nullopt);
  EXPECT_EQ(CodeFromName(""), std::nullopt);
  EXPECT_EQ(CodeFromName("unknown"), std::nullopt);
}

}  // namespace
}  // namespace netgrade::check
