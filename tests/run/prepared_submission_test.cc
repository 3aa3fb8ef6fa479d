// A submission made ready to grade: the roles --role and --program name are the spec's, a
// copy it refuses is the student's layout error naming the file, each role's program is found
// (or its cases fail with missing_program), and a failed build leaves every chosen case to
// fail with it.
#include "harness/run/prepared_submission.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/base/error.h"
#include "harness/run/grade.h"
#include "tests/support/inline_spec.h"
#include "tests/support/temp_dir.h"

namespace netgrade::run {
namespace {
using namespace netgrade::check;
using testing_support::kReferenceServer;
using testing_support::LoadInline;
using testing_support::SpecOfTheTree;
using testing_support::UniqueTempDir;
namespace fs = std::filesystem;

// udp-capitalize's server alone.
constexpr const char* kServerSpec = R"(
exercise: udp-capitalize
protocol: udp
roles:
  server: {listens: true, names: [server], argv: ["{port}"]}
cases:
  - name: server-one-line
    role: server
    peer: {connections: [{send: ["one"]}]}
    expect: {replies: upper, exit: running}
)";

// What PrepareSubmission throws, or "" when it does not.
std::string LayoutError(const spec::Spec& spec, const GradeOptions& o, const fs::path& dir) {
  try {
    PrepareSubmission(spec, o, dir);
    return "";
  } catch (const UsageError& e) {
    return e.what();
  }
}

TEST(PreparedSubmission, AProgramForARoleTheSpecDoesNotHaveIsAUsageError) {
  spec::Spec s = LoadInline(kServerSpec);
  GradeOptions o;
  o.programs = {{"bogus", "/bin/true"}};
  std::string error = LayoutError(s, o, NETGRADE_SOURCE_DIR "/reference/udp-capitalize/python");
  EXPECT_NE(error.find("no role 'bogus' (it has server)"), std::string::npos) << error;
  o.programs.clear();
  o.roles = {"bogus"};
  error = LayoutError(s, o, NETGRADE_SOURCE_DIR "/reference/udp-capitalize/python");
  EXPECT_NE(error.find("--role bogus: inline.yaml has no such role (it has server)"),
            std::string::npos)
      << error;
  // With its shape, as every layout error has: the class page groups by it.
  try {
    PrepareSubmission(s, o, NETGRADE_SOURCE_DIR "/reference/udp-capitalize/python");
    ADD_FAILURE() << "no error";
  } catch (const ShapedLayoutError& e) {
    EXPECT_EQ(e.shape(), "--role {}: {} has no such role (it has {})");
  }
}

TEST(PreparedSubmission, WhatTheCopyRefusesIsALayoutErrorNamingTheFile) {
  UniqueTempDir hostile("netgrade-grade-test-fifo");
  fs::copy_file(kReferenceServer, hostile.path() / "server.py");
  ASSERT_EQ(::mkfifo((hostile.path() / "input").c_str(), 0644), 0);
  EXPECT_EQ(LayoutError(SpecOfTheTree("tcp-capitalize"), GradeOptions{}, hostile.path()),
            "submission '" + hostile.path().string() +
                "': input is a named pipe (FIFO), not a file or folder: netgrade copies only "
                "files and folders, so remove it from your submission");
  EXPECT_EQ(LayoutError(SpecOfTheTree("tcp-capitalize"), GradeOptions{}, "/nonexistent"),
            "submission '/nonexistent' is not a directory");
}

// The programs are found in the checked copy; a role without one leaves its cases to fail
// with missing_program, unless it was asked for by name, or no role has one at all.
TEST(PreparedSubmission, FindsEachRolesProgramInTheCopyAndChoosesTheCases) {
  UniqueTempDir only_server("netgrade-grade-test-only-server");
  fs::copy_file(kReferenceServer, only_server.path() / "server.py");
  spec::Spec spec = SpecOfTheTree("tcp-capitalize");
  GradeOptions o;
  std::unique_ptr<PreparedSubmission> p = PrepareSubmission(spec, o, only_server.path());
  ASSERT_TRUE(p->checked);
  EXPECT_EQ(p->folder(), p->checked->dir());
  ASSERT_EQ(p->programs.count("server"), 1u);
  EXPECT_EQ(p->programs.at("server").path.parent_path(), p->checked->dir()) << "the copy's";
  EXPECT_EQ(p->programs.count("client"), 0u);
  EXPECT_EQ(p->todo.size(), spec.cases.size()) << "the client's cases too: missing_program";
  EXPECT_EQ(p->result.cases.size(), p->todo.size());
  EXPECT_EQ(p->unfinished, p->todo.size());
  EXPECT_EQ(p->result.submission, only_server.path().string());

  o.roles = {"client"};
  std::string error = LayoutError(spec, o, only_server.path());
  EXPECT_EQ(error.find("no program for role 'client' in " + only_server.path().string()), 0u)
      << error;
  UniqueTempDir empty("netgrade-grade-test-empty");
  error = LayoutError(spec, GradeOptions{}, empty.path());
  EXPECT_EQ(error.find("no program for any role of tcp-capitalize in "), 0u) << error;
}

// A layout error's words keep their shape (issue 48): the submission's path and what was
// looked for are values, so two students' are one row of the class page.
TEST(PreparedSubmission, ALayoutErrorHasItsShapeWithTheSubmissionOut) {
  auto shape_of = [](const spec::Spec& spec, const GradeOptions& o, const fs::path& dir) {
    try {
      PrepareSubmission(spec, o, dir);
    } catch (const ShapedLayoutError& e) {
      return e.shape();
    }
    return std::string("(no ShapedLayoutError)");
  };
  spec::Spec spec = SpecOfTheTree("tcp-capitalize");
  UniqueTempDir alice("netgrade-grade-test-alice"), bob("netgrade-grade-test-bob-2");
  fs::create_directory(bob.path() / "src");
  EXPECT_EQ(shape_of(spec, GradeOptions{}, alice.path()), "no program for any role of {} in {}:{}");
  EXPECT_EQ(shape_of(spec, GradeOptions{}, bob.path()),
            shape_of(spec, GradeOptions{}, alice.path()));
  EXPECT_NE(LayoutError(spec, GradeOptions{}, alice.path()),
            LayoutError(spec, GradeOptions{}, bob.path()));
  EXPECT_EQ(shape_of(spec, GradeOptions{}, "/nonexistent"), "submission '{}' is not a directory");
  GradeOptions client;
  client.roles = {"client"};
  EXPECT_EQ(shape_of(spec, client, alice.path()),
            "no program for role 'client' in {} (looked for {}).{}{}");
}

// --program naming source code of the submission (myserver.c, not named for the role): the
// copy's file, built there as found source is, and graded; not run as it is.
TEST(PreparedSubmission, AProgramGivenAsSourceCodeOfTheSubmissionIsBuiltInTheCopy) {
  UniqueTempDir dir("netgrade-grade-test-given-source");
  fs::copy_file(NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/c/server.c",
                dir.path() / "myserver.c");
  spec::Spec spec = SpecOfTheTree("tcp-capitalize");
  GradeOptions o;
  o.submission = dir.path();
  o.programs = {{"server", (dir.path() / "myserver.c").string()}};
  o.cases = {"server-one-line"};
  std::unique_ptr<PreparedSubmission> p = PrepareSubmission(spec, o, dir.path());
  ASSERT_EQ(p->programs.count("server"), 1u);
  EXPECT_EQ(p->programs.at("server").language, plan::Language::kC);
  EXPECT_EQ(p->programs.at("server").path, p->checked->dir() / "myserver");
  check::GradeResult r = Grade(spec, o);
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_TRUE(r.cases[0].passed()) << r.cases[0].message;
  EXPECT_FALSE(fs::exists(dir.path() / "myserver")) << "built in the copy, not the submission";
}

// A build step that fails leaves every chosen case to fail with it: no program is looked for.
TEST(PreparedSubmission, AFailedBuildIsEveryChosenCasesOutcome) {
  spec::Spec spec = LoadInline(R"(
exercise: tcp-capitalize
protocol: tcp
build: {command: "false", timeout: 20s}
roles:
  server: {listens: true, names: [server], argv: ["{port}"]}
cases:
  - name: server-one-line
    role: server
    peer: {connections: [{send: ["hello"]}]}
    expect: {replies: upper, exit: running}
)");
  UniqueTempDir dir("netgrade-grade-test-unbuilt");
  std::unique_ptr<PreparedSubmission> p = PrepareSubmission(spec, GradeOptions{}, dir.path());
  EXPECT_TRUE(!p->build_failure.ok() || !p->build_error.empty());
  EXPECT_TRUE(p->programs.empty());
  ASSERT_EQ(p->todo.size(), 1u);
  EXPECT_EQ(p->todo[0]->name, "server-one-line");
}

}  // namespace
}  // namespace netgrade::run
