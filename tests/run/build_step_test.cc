// The spec's build step: what of a compiler's output a diagnosis quotes, how the command is
// run, and a submission built by its Makefile, end to end (tests/submissions/build/).
#include "harness/run/build_step.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "harness/base/error.h"
#include "harness/run/grade.h"
#include "harness/sandbox/netns.h"
#include "harness/spec/load.h"
#include "tests/support/words_golden.h"

namespace netgrade::run {
namespace {
using testing_support::ExpectWords;
namespace fs = std::filesystem;

const std::string kGccError =
    "server.cc: In function 'int main(int, char**)':\n"
    "server.cc:18:3: error: expected ',' or ';' before 'setsockopt'\n"
    "   18 |   setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);\n"
    "      |   ^~~~~~~~~~\n"
    "make: *** [Makefile:2: server] Error 1\n";

TEST(CutBuildOutput, StartsAtTheFirstErrorWithTheLinesBeforeIt) {
  std::string out = "g++ -o server server.cc\nserver.cc:3:1: warning: unused\n" + kGccError;
  std::string cut = CutBuildOutput(out, 12, 1);
  EXPECT_EQ(cut.rfind("    server.cc: In function", 0), 0u) << cut;
  EXPECT_NE(cut.find("    server.cc:18:3: error: expected"), std::string::npos) << cut;
  EXPECT_EQ(cut.find("warning: unused"), std::string::npos) << cut;
}

TEST(CutBuildOutput, KeepsTenThousandErrorLinesToAFewWithACount) {
  std::string out;
  for (int i = 1; i <= 10000; ++i) out += "x.cc:" + std::to_string(i) + ":1: error: nope\n";
  std::string cut = CutBuildOutput(out, 12, 2);
  EXPECT_EQ(cut.rfind("    x.cc:1:1: error: nope\n", 0), 0u) << cut;
  EXPECT_NE(cut.find("    ... (9988 more lines)\n"), std::string::npos) << cut;
  EXPECT_LT(cut.size(), 600u);
}

TEST(CutBuildOutput, PrefersTheCompilersErrorToMakesAndCutsLongLines) {
  std::string out = "make: *** [all] Error 2\n" + std::string(5000, 'a') + " error: long\n";
  std::string cut = CutBuildOutput(out, 12, 0);
  EXPECT_EQ(cut.rfind("    aaaa", 0), 0u) << cut;
  EXPECT_LT(cut.size(), 220u);
  EXPECT_NE(cut.find("..."), std::string::npos);
}

TEST(CutBuildOutput, EscapesWhatCouldActOnATerminal) {
  std::string cut = CutBuildOutput("a.c:1:1: \x1b[31merror:\x1b[0m bad\n");
  EXPECT_EQ(cut.find('\x1b'), std::string::npos) << cut;
  EXPECT_NE(cut.find("\\x1b[31merror:"), std::string::npos) << cut;
}

TEST(CutBuildOutput, WithoutAnErrorLineShowsTheEndAndNothingForBlankOutput) {
  std::string out;
  for (int i = 1; i <= 30; ++i) out += "line " + std::to_string(i) + "\n";
  std::string cut = CutBuildOutput(out, 3);
  EXPECT_EQ(cut, "    line 28\n    line 29\n    line 30\n");
  EXPECT_EQ(CutBuildOutput("\n  \n"), "");
}

// Go's compiler never says "error": its "file.go:line:col: message" lines are the errors.
TEST(CutBuildOutput, TakesGosFileLineColumnLinesForErrors) {
  std::string cut = CutBuildOutput(
      "# command-line-arguments\n./server.go:9:2: listener declared but not used\n", 12, 0);
  EXPECT_EQ(cut, "    ./server.go:9:2: listener declared but not used\n");
}

TEST(BuildArgv, PlainWordsRunAsTheyAreAndShellSyntaxThroughSh) {
  EXPECT_EQ(BuildArgv("make"), (std::vector<std::string>{"make"}));
  EXPECT_EQ(BuildArgv("  g++ -o server  server.cc "),
            (std::vector<std::string>{"g++", "-o", "server", "server.cc"}));
  EXPECT_EQ(BuildArgv("cd src && make"),
            (std::vector<std::string>{"/bin/sh", "-c", "cd src && make"}));
  EXPECT_EQ(BuildArgv("g++ *.cc"), (std::vector<std::string>{"/bin/sh", "-c", "g++ *.cc"}));
}

const fs::path kFixtures = fs::path(NETGRADE_SOURCE_DIR) / "tests/submissions/build";

spec::Spec BuildSpec() {
  spec::LoadResult loaded = spec::LoadSpecFile((kFixtures / "tcp-capitalize-build.yaml").string());
  EXPECT_TRUE(loaded.ok());
  return loaded.ok() ? *loaded.spec : spec::Spec{};
}

check::GradeResult GradeFixture(const spec::Spec& spec, const std::string& name) {
  GradeOptions o;
  o.submission = kFixtures / name;
  o.cases = {"server-one-line"};
  return Grade(spec, o);
}

// The fixtures beside the spec get the verdicts and key sentences of their expected.yaml
// (graded from the source tree: CMake never builds them): the Makefile builds the server,
// which passes; a compile error fails the case with build_failed quoting gcc's first error.
TEST(BuildStep, TheMakefileBuildsTheServerInTheSandboxAndItPasses) {
  spec::Spec spec = BuildSpec();
  ASSERT_TRUE(spec.build.has_value());
  ASSERT_FALSE(fs::exists(kFixtures / "makefile-server/server")) << "built outside the grader";
  auto start = std::chrono::steady_clock::now();
  check::GradeResult r = GradeFixture(spec, "makefile-server");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_EQ(r.cases[0].verdict, check::Verdict::kPass) << r.cases[0].message;
  EXPECT_FALSE(fs::exists(kFixtures / "makefile-server/server")) << "built in the original";
}

// Without namespaces and cgroups (a machine that has none) the build runs all the same.
TEST(BuildStep, BuildsWithoutIsolationToo) {
  spec::Spec spec = BuildSpec();
  GradeOptions o;
  o.submission = kFixtures / "makefile-server";
  o.run.isolate = false;
  check::GradeResult r = Grade(spec, o);
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_EQ(r.cases[0].verdict, check::Verdict::kPass) << r.cases[0].message;
}

TEST(BuildStep, ACompileErrorFailsTheCaseQuotingGccsFirstError) {
  spec::Spec spec = BuildSpec();
  check::GradeResult r = GradeFixture(spec, "compile-error");
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_EQ(r.cases[0].verdict, check::Verdict::kFail);
  EXPECT_EQ(r.cases[0].code, check::Code::kBuildFailed);
  const std::string& m = r.cases[0].message;
  EXPECT_NE(m.find("The build ('make') failed with exit status 2"), std::string::npos) << m;
  EXPECT_NE(m.find("The first error it printed:\n    server.cc: In function"), std::string::npos)
      << m;
  EXPECT_NE(m.find("server.cc:18:3: error: expected"), std::string::npos) << m;
}

check::GradeResult GradeWithBuild(const std::string& command, const std::string& timeout,
                                  double multiplier = 1) {
  std::string yaml = "exercise: x\nprotocol: tcp\nbuild: {command: \"" + command +
                     "\", timeout: " + timeout +
                     "}\nroles:\n  server: {listens: true, names: [server], argv: [\"{port}\"]}\n"
                     "cases:\n  - {name: one, role: server, peer: {connections: [{send: [hi]}]}, "
                     "expect: {replies: upper}}\n";
  spec::LoadResult loaded = spec::LoadSpecString(yaml, "inline.yaml");
  EXPECT_TRUE(loaded.ok());
  GradeOptions o;
  o.submission = kFixtures / "makefile-server";
  o.run.timeout_multiplier = multiplier;
  return Grade(*loaded.spec, o);
}

// The Makefile is the student's code: as root with namespaces, the build runs as a user of its
// own, and what it writes outside its copy (/tmp) stays in its own root.
TEST(BuildStep, TheBuildIsContainedLikeAProgram) {
  if (::geteuid() != 0 || !sandbox::NetNamespace::Available())
    GTEST_SKIP() << "needs root and network namespaces for the containment";
  const fs::path outside = fs::temp_directory_path() / "netgrade-build-was-here";
  fs::remove(outside);
  check::GradeResult r = GradeWithBuild("id -u >&2; touch " + outside.string() + "; exit 1", "5s");
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_EQ(r.cases[0].code, check::Code::kBuildFailed);
  const std::string& m = r.cases[0].message;
  const std::string uid_at = "The end of what it printed:\n    ";
  size_t at = m.find(uid_at);
  ASSERT_NE(at, std::string::npos) << m;
  EXPECT_NE(m.substr(at + uid_at.size()), "0") << m;  // the message ends with the uid
  EXPECT_FALSE(fs::exists(outside));
  fs::remove(outside);
}

// A build that never ends is stopped at its limit (times NETGRADE_TIMEOUT_MULTIPLIER) and is
// the student's failure.
TEST(BuildStep, ABuildPastItsTimeLimitIsStoppedAndFailsEveryCase) {
  auto start = std::chrono::steady_clock::now();
  check::GradeResult r = GradeWithBuild("sleep 30", "150ms", 2);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_EQ(r.cases[0].verdict, check::Verdict::kFail);
  EXPECT_EQ(r.cases[0].code, check::Code::kBuildFailed);
  ExpectWords(r.cases[0]);  // its limit, 150 ms times 2
}

// The submission was within the copy's limits before the build: past them after it, the
// build's outcome is the student's, not the grader's error.
TEST(BuildStep, ABuildThatLeavesTooManyFilesFailsEveryCase) {
  check::GradeResult r = GradeWithBuild("make && seq 2100 | xargs touch", "5s");
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_EQ(r.cases[0].verdict, check::Verdict::kFail) << r.cases[0].message;
  EXPECT_EQ(r.cases[0].code, check::Code::kBuildFailed);
  ExpectWords(r.cases[0]);
}

// A build that succeeds without making the role's program: a layout error (status 2), as
// without a build, that says the build made none.
TEST(BuildStep, ABuildThatMakesNoProgramIsALayoutErrorSayingSo) {
  try {
    GradeWithBuild("true", "5s");
    ADD_FAILURE() << "graded";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("looked for server, server.py. The build ('true') made "
                                         "none of them. 'server.cc' is source code"),
              std::string::npos)
        << e.what();
  }
}

// A command the grading machine does not have is never blamed on the student.
TEST(BuildStep, ACommandNotInstalledIsTheGradersError) {
  check::GradeResult r = GradeWithBuild("no-such-build-tool-here all", "5s");
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_EQ(r.cases[0].verdict, check::Verdict::kGraderError);
  EXPECT_EQ(r.cases[0].code, check::Code::kGraderProblem);
  ExpectWords(r.cases[0]);
}

}  // namespace
}  // namespace netgrade::run
