#include "harness/base/run_command.h"

#include <gtest/gtest.h>

namespace netgrade {
namespace {

TEST(RunCommand, GivesTheStatusAndWhatItPrinted) {
  std::optional<CommandRan> ran = RunCommand({"sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->status, 3);
  EXPECT_EQ(ran->out, "out\n") << "standard error goes to /dev/null unless asked";
  ran = RunCommand({"sh", "-c", "echo out; echo err >&2"}, /*with_stderr=*/true);
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->status, 0);
  EXPECT_EQ(ran->out, "out\nerr\n");
}

TEST(RunCommand, AProgramThatIsNotThereIsNotStarted) {
  EXPECT_FALSE(RunCommand({"/nonexistent/netgrade-helper"}));
  EXPECT_FALSE(RunCommand({}));
}

TEST(RunCommand, ItsStandardInputIsEmptyAndASignalIsCounted) {
  std::optional<CommandRan> ran = RunCommand({"sh", "-c", "cat; kill -TERM $$"});
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->out, "");
  EXPECT_EQ(ran->status, 128 + 15);
}

}  // namespace
}  // namespace netgrade
