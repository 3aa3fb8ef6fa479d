// cli::Main: the exit statuses of command.h, whatever the command.
#include "harness/cli/cli.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/cli/command.h"

namespace netgrade::cli {
namespace {

// Runs Main with args (argv[0] added); what it printed on stderr goes to *err.
int RunMain(std::vector<std::string> args, std::string* err = nullptr) {
  args.insert(args.begin(), "netgrade");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  int status = Main(static_cast<int>(argv.size()), argv.data());
  testing::internal::GetCapturedStdout();
  std::string e = testing::internal::GetCapturedStderr();
  if (err) *err = e;
  return status;
}

TEST(Cli, WithoutACommandIsAUsageError) {
  std::string err;
  EXPECT_EQ(RunMain({}, &err), kExitUsage);
  EXPECT_NE(err.find("subcommand"), std::string::npos) << err;
}

TEST(Cli, AnUnknownCommandOrOptionIsAUsageError) {
  EXPECT_EQ(RunMain({"grade"}), kExitUsage);
  EXPECT_EQ(RunMain({"explain", "--no-such-option", "x.yaml"}), kExitUsage);
}

TEST(Cli, HelpIsNoError) { EXPECT_EQ(RunMain({"--help"}), kExitPassed); }

TEST(Cli, AUsageErrorOfACommandIsReportedOnceWithStatus2) {
  std::string err;
  EXPECT_EQ(RunMain({"explain", "/nonexistent/spec.yaml"}, &err), kExitUsage);
  EXPECT_EQ(err.rfind("netgrade: error: ", 0), 0u) << err;
  EXPECT_NE(err.find("/nonexistent/spec.yaml"), std::string::npos) << err;
  EXPECT_EQ(err.find("internal error"), std::string::npos) << err;
}

}  // namespace
}  // namespace netgrade::cli
