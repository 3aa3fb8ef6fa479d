#include "harness/cli/spec_arg.h"

#include <gtest/gtest.h>

#include "harness/base/error.h"

namespace netgrade::cli {
namespace {

TEST(SpecArg, LoadsAGoodSpec) {
  spec::Spec s = LoadSpecOrThrow(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml");
  EXPECT_EQ(s.exercise, "tcp-capitalize");
  EXPECT_FALSE(s.cases.empty());
}

TEST(SpecArg, ABrokenSpecThrowsEveryErrorWithItsPosition) {
  std::string path = NETGRADE_SOURCE_DIR "/tests/spec/broken/bad-protocol.yaml";
  try {
    LoadSpecOrThrow(path);
    FAIL() << "a broken spec loaded";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ":3:11:"), std::string::npos) << e.what();
  }
}

TEST(SpecArg, AMissingFileIsAUsageErrorNotACrash) {
  EXPECT_THROW(LoadSpecOrThrow("/nonexistent/spec.yaml"), UsageError);
}

}  // namespace
}  // namespace netgrade::cli
