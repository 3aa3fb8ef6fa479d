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

// A spec's named draws (`draws:`) are listed with the values the seed gives, and the steps
// show them drawn: the same seed, the same values; another seed, others.
TEST(ExplainCommand, ListsTheNamedDrawsAsTheSeedDrawsThem) {
  const std::string path = NETGRADE_SOURCE_DIR "/specs/dns-lite.yaml";
  auto explain = [&](const char* seed) {
    std::vector<std::string> args = {"netgrade", "explain", path, "--seed", seed};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    testing::internal::CaptureStdout();
    EXPECT_EQ(Main(static_cast<int>(argv.size()), argv.data()), kExitPassed);
    return testing::internal::GetCapturedStdout();
  };
  std::string out = explain("3");
  size_t at = out.find("  {draw:www} = ");
  ASSERT_NE(at, std::string::npos) << out;
  std::string www = out.substr(at + 15, out.find('\n', at) - at - 15);
  EXPECT_NE(out.find("sends '17 " + www + "' as one datagram"), std::string::npos) << out;
  // Past the list, every placeholder was drawn.
  EXPECT_EQ(out.find("{draw:", out.find("\n\n", at)), std::string::npos)
      << "a placeholder left in the steps:\n"
      << out;
  EXPECT_EQ(explain("3"), out);
  EXPECT_NE(explain("4"), out);
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
