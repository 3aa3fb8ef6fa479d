// The catalogue's own logic, without grading anything: how a flaky verdict is worded, which
// fixture expectations could never be checked, and a reference solution that is not built.
#include "harness/validate/catalogue.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"

namespace netgrade::validate {
namespace {
using namespace netgrade::plan;
using namespace netgrade::sandbox;
using namespace netgrade::check;
using namespace netgrade::run;
namespace fs = std::filesystem;

TEST(Catalogue, AFlakyVerdictSaysWhatHappenedInEachRun) {
  auto flake = DescribeFlake("server-one-line", {true, check::Code::kNone, 1, 1},
                             {false, check::Code::kEcho, 2, 2});
  ASSERT_TRUE(flake.has_value());
  EXPECT_EQ(*flake,
            "server-one-line: passed in run 1 (seed 1), failed [echo] in run 2 (seed 2): the "
            "verdict depends on "
            "timing or the seed");
}

TEST(Catalogue, TwoRunsThatAgreeAreNotFlaky) {
  EXPECT_FALSE(
      DescribeFlake("a", {false, check::Code::kEcho, 1, 1}, {false, check::Code::kEcho, 2, 2}));
  EXPECT_FALSE(
      DescribeFlake("a", {true, check::Code::kNone, 1, 1}, {true, check::Code::kNone, 3, 3}));
  EXPECT_TRUE(
      DescribeFlake("a", {false, check::Code::kEcho, 1, 1}, {false, check::Code::kTimeout, 2, 2}));
}

spec::Spec CapitalizeSpec() {
  spec::LoadResult r = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml");
  EXPECT_TRUE(r.ok());
  return *r.spec;
}

TEST(Catalogue, AFailureOutsideTheRolesFilterIsReportedAsNeverChecked) {
  Fixture f;
  f.roles = {"client"};
  f.fail = {{"server-one-line", check::Code::kEcho}};
  std::vector<std::string> problems = UngradedFailures(CapitalizeSpec(), f);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(
      problems[0].find("'server-one-line' must fail [echo], but its roles: filter never grades it"),
      std::string::npos)
      << problems[0];
}

TEST(Catalogue, AFailureOutsideTheCasesFilterIsReportedAsNeverChecked) {
  Fixture f;
  f.cases = {"server-conversation"};
  f.fail = {{"server-one-line", check::Code::kEcho}, {"server-conversation", check::Code::kEcho}};
  std::vector<std::string> problems = UngradedFailures(CapitalizeSpec(), f);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("cases: filter"), std::string::npos) << problems[0];
}

TEST(Catalogue, AnUnbuiltCppReferenceIsListedAsNotBuilt) {
  fs::path empty_build = fs::temp_directory_path() / "netgrade-catalogue-test-no-build";
  std::vector<Fixture> all = LoadCatalogue(NETGRADE_SOURCE_DIR, empty_build, "tcp-capitalize");
  auto cpp = std::find_if(all.begin(), all.end(), [](const Fixture& f) {
    return f.name == "reference/tcp-capitalize/cpp";
  });
  ASSERT_NE(cpp, all.end());
  EXPECT_NE(cpp->unavailable.find("not built"), std::string::npos);
  std::vector<std::string> problems = CheckFixture(CapitalizeSpec(), *cpp, 1, RunOptions{});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("not built"), std::string::npos);
}

TEST(Catalogue, TextbookExercisesHaveAReferenceSolution) {
  for (const char* exercise : {"tcp-capitalize-textbook", "udp-capitalize-textbook"}) {
    std::vector<Fixture> all = LoadCatalogue(NETGRADE_SOURCE_DIR, NETGRADE_BINARY_DIR, exercise);
    EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const Fixture& f) {
      return f.name.rfind("reference/", 0) == 0;
    })) << exercise;
  }
}

}  // namespace
}  // namespace netgrade::validate
