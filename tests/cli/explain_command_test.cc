// netgrade explain SPEC, through cli::Main: every case of the spec is explained.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/cli/cli.h"
#include "harness/cli/command.h"
#include "harness/spec/load.h"

namespace netgrade::cli {
namespace {

TEST(ExplainCommand, NamesEveryCaseOfTheSpec) {
  const std::string path = NETGRADE_SOURCE_DIR "/specs/udp-capitalize.yaml";
  std::vector<std::string> args = {"netgrade", "explain", path};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  testing::internal::CaptureStdout();
  int status = Main(static_cast<int>(argv.size()), argv.data());
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(status, kExitPassed);
  spec::LoadResult loaded = spec::LoadSpecFile(path);
  ASSERT_TRUE(loaded.ok());
  for (const spec::Case& c : loaded.spec->cases)
    EXPECT_NE(out.find(c.name), std::string::npos) << c.name << " is not explained:\n" << out;
}

TEST(ExplainCommand, NeedsASpec) {
  std::vector<std::string> args = {"netgrade", "explain"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  int status = Main(static_cast<int>(argv.size()), argv.data());
  testing::internal::GetCapturedStdout();
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(status, kExitUsage);
  EXPECT_NE(err.find("spec"), std::string::npos) << err;
}

}  // namespace
}  // namespace netgrade::cli
