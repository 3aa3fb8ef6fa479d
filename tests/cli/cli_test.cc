// cli::Main: the exit statuses of command.h, whatever the command.
#include "harness/cli/cli.h"

#include <gtest/gtest.h>

#include <cstring>
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

// The arguments laid out as the kernel lays them: one block, each string after the other.
TEST(HideCommandLine, KeepsACopyAndBlanksThePathsInTheProcesssOwnMemory) {
  char block[] = "netgrade\0check\0/home/teacher/class/spec.yaml\0--submission\0/home/alice";
  std::vector<char*> argv;
  for (char* p = block; p < block + sizeof block - 1; p += std::strlen(p) + 1) argv.push_back(p);
  ASSERT_EQ(argv.size(), 5u);
  std::vector<std::string> copy = HideCommandLine(static_cast<int>(argv.size()), argv.data());
  EXPECT_EQ(copy, (std::vector<std::string>{"netgrade", "check", "/home/teacher/class/spec.yaml",
                                            "--submission", "/home/alice"}));
  // What /proc/PID/cmdline shows: the program and its command, then nothing but zeros.
  std::string shown(block, sizeof block - 1);
  EXPECT_EQ(shown.substr(0, 15), std::string("netgrade\0check", 14) + '\0');
  EXPECT_EQ(shown.find_first_not_of('\0', 15), std::string::npos) << shown;
}

TEST(HideCommandLine, LeavesAShortCommandLineAsItIs) {
  char block[] = "netgrade\0--help";
  char* argv[] = {block, block + 9};
  EXPECT_EQ(HideCommandLine(2, argv), (std::vector<std::string>{"netgrade", "--help"}));
  EXPECT_STREQ(block + 9, "--help");
}

}  // namespace
}  // namespace netgrade::cli
