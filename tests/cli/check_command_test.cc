// netgrade check, through cli::Main: the exit status says whether every case passed, and the
// report is in the format asked for.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/cli/cli.h"
#include "harness/cli/command.h"
#include "tests/support/temp_dir.h"

namespace netgrade::cli {
namespace {

struct Outcome {
  int status;
  std::string out, err;
};

// netgrade check SPEC ARGS..., its stdout and stderr captured.
Outcome CheckSpec(const std::string& spec, std::vector<std::string> args) {
  args.insert(args.begin(), {"netgrade", "check", spec});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  Outcome o;
  o.status = Main(static_cast<int>(argv.size()), argv.data());
  o.out = testing::internal::GetCapturedStdout();
  o.err = testing::internal::GetCapturedStderr();
  return o;
}

Outcome Check(std::vector<std::string> args) {
  return CheckSpec(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml", std::move(args));
}

TEST(CheckCommand, AReferenceSolutionPassesWithStatus0) {
  Outcome o = Check(
      {"-s", NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python", "--case", "server-one-line"});
  EXPECT_EQ(o.status, kExitPassed) << o.out << o.err;
}

TEST(CheckCommand, AFailingCaseGivesStatus1AndTheJsonReportNamesItsDiagnosis) {
  Outcome o = Check({"-s", NETGRADE_SOURCE_DIR "/tests/submissions/tcp-capitalize/echo-server",
                     "--case", "server-one-line", "--format", "json"});
  EXPECT_EQ(o.status, kExitFailed) << o.err;
  nlohmann::json report = nlohmann::json::parse(o.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(report.is_discarded()) << "not JSON:\n" << o.out;
  ASSERT_EQ(report["cases"].size(), 1u) << o.out;
  EXPECT_EQ(report["cases"][0]["diagnosis"], "echo") << o.out;
}

// The handout's `make`, then an edit: the old executable (here one that exits at once) is not
// what is graded; the source is built again, and every case's report says why.
TEST(CheckCommand, AnExecutableOlderThanItsSourceIsNotGradedAndTheReportSaysSo) {
  testing_support::UniqueTempDir dir("netgrade-old-binary");
  std::filesystem::copy_file(NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/c/server.c",
                             dir.path() / "server.c");
  std::ofstream(dir.path() / "server") << "#!/bin/sh\nexit 1\n";
  std::filesystem::permissions(dir.path() / "server", std::filesystem::perms::owner_all);
  std::filesystem::last_write_time(
      dir.path() / "server", std::filesystem::file_time_type::clock::now() - std::chrono::hours(1));
  Outcome o = Check({"-s", dir.path().string(), "--case", "server-one-line", "--format", "json"});
  EXPECT_EQ(o.status, kExitPassed) << o.out << o.err;
  nlohmann::json report = nlohmann::json::parse(o.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(report.is_discarded()) << "not JSON:\n" << o.out;
  ASSERT_EQ(report["cases"].size(), 1u) << o.out;
  EXPECT_NE(report["cases"][0]["notes"].dump().find("'server' is older than 'server.c'"),
            std::string::npos)
      << o.out;
}

TEST(CheckCommand, ASubmissionThatIsNotThereIsAUsageError) {
  Outcome o = Check({"-s", "/nonexistent/submission"});
  EXPECT_EQ(o.status, kExitUsage) << o.out << o.err;
  EXPECT_NE(o.err.find("/nonexistent/submission"), std::string::npos) << o.err;
}

// A busy loop is a note unless the spec sets a CPU limit: then using more fails the case.
TEST(CheckCommand, AProgramOverTheSpecsCpuLimitFailsWithCpuLimit) {
  std::string spec = ::testing::TempDir() + "cpu-limit.yaml";
  std::ofstream(spec) << R"(exercise: cpu-limit
protocol: tcp
roles:
  server: {listens: true}
cases:
  - name: one
    role: server
    timeout: 10s
    cpu_limit: 1s
    peer: {connections: [{send: [hi]}]}
    expect: {replies: upper}
)";
  Outcome o = CheckSpec(
      spec, {"-s", NETGRADE_SOURCE_DIR "/tests/submissions/hostile/busy-loop", "--format", "json"});
  const std::string& out = o.out;
  std::remove(spec.c_str());
  EXPECT_EQ(o.status, kExitFailed) << out << o.err;
  nlohmann::json report = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(report.is_discarded()) << "not JSON:\n" << out;
  ASSERT_EQ(report["cases"].size(), 1u) << out;
  EXPECT_EQ(report["cases"][0]["diagnosis"], "cpu_limit") << out;
  EXPECT_FALSE(report["cases"][0]["timed_out"].get<bool>()) << out;
}

// The spec's build step (tests/submissions/build/): a failed build is the student's failure
// (status 1) in every format, with the compiler's first error; a build command the machine
// does not have is the grader's (status 3).
Outcome CheckBuilt(const std::string& spec, const std::string& submission,
                   const std::string& format) {
  return CheckSpec(spec, {"-s", NETGRADE_SOURCE_DIR "/tests/submissions/build/" + submission,
                          "--format", format});
}

TEST(CheckCommand, AFailedBuildGivesStatus1AndEveryFormatQuotesTheFirstError) {
  const std::string spec = NETGRADE_SOURCE_DIR "/tests/submissions/build/tcp-capitalize-build.yaml";
  for (const char* format : {"text", "json", "junit", "tap", "html", "gradescope"}) {
    Outcome o = CheckBuilt(spec, "compile-error", format);
    EXPECT_EQ(o.status, kExitFailed) << format << o.out << o.err;
    EXPECT_NE(o.out.find("server.cc:18:3: error: expected"), std::string::npos) << format << ":\n"
                                                                                << o.out;
  }
  Outcome json = CheckBuilt(spec, "compile-error", "json");
  nlohmann::json report = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << json.out;
  EXPECT_EQ(report["cases"][0]["diagnosis"], "build_failed") << json.out;
}

// A TCP server case runs without a proxy: when it fails, its diagram is drawn from the
// reference client's own record (the connection, the line, the answer, the close), in the
// HTML and as `transcript` in the JSON.
TEST(CheckCommand, AFailingCaseWithoutAProxyIsDrawnFromThePeersRecord) {
  const std::string spec = NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml";
  const std::string submission =
      NETGRADE_SOURCE_DIR "/tests/submissions/tcp-capitalize/closes-listening-socket";
  Outcome json =
      CheckSpec(spec, {"-s", submission, "--case", "server-one-line", "--format", "json"});
  nlohmann::json report = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << json.out;
  const nlohmann::json c = report["cases"][0];
  EXPECT_EQ(c["transcript_from"], "peer") << json.out;
  std::vector<std::string> seen;
  for (const nlohmann::json& e : c["transcript"])
    seen.push_back(e["direction"].get<std::string>() + " " + e["action"].get<std::string>());
  EXPECT_EQ(seen, (std::vector<std::string>{"to_student connect", "to_student passed",
                                            "from_student passed", "from_student close"}))
      << json.out;
  // The answer is the line in capitals, as the peer received it.
  std::string line = c["transcript"][1]["text"], answer = c["transcript"][2]["text"];
  std::transform(line.begin(), line.end(), line.begin(), ::toupper);
  EXPECT_EQ(answer, line);
  Outcome html =
      CheckSpec(spec, {"-s", submission, "--case", "server-one-line", "--format", "html"});
  EXPECT_NE(html.out.find("aria-label=\"Messages between server.py and the reference client\""),
            std::string::npos)
      << html.out;
  EXPECT_NE(html.out.find("closes the connection"), std::string::npos);
  // A passing case has no such record.
  Outcome passing = CheckSpec(spec, {"-s", NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python",
                                     "--case", "server-one-line", "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(passing.out)["cases"][0]["transcript"].size(), 0u);
}

TEST(CheckCommand, ABuildCommandTheMachineLacksIsTheGradersErrorWithStatus3) {
  std::string spec = ::testing::TempDir() + "build-missing-tool.yaml";
  std::ofstream(spec) << R"(exercise: build-missing-tool
protocol: tcp
build: no-such-build-tool-anywhere
roles:
  server: {listens: true, names: [server], argv: ["{port}"]}
cases:
  - {name: one, role: server, peer: {connections: [{send: [hi]}]}, expect: {replies: upper}}
)";
  Outcome o = CheckBuilt(spec, "makefile-server", "text");
  EXPECT_EQ(o.status, kExitInternal) << o.out << o.err;
  EXPECT_NE(o.out.find("'no-such-build-tool-anywhere' is not installed"), std::string::npos)
      << o.out;
}

}  // namespace
}  // namespace netgrade::cli
