// `expect:` as the loader reads it, and whether a case's expect checks anything at all.
#include "harness/spec/expect.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/spec/read_node.h"

namespace netgrade::spec {
namespace {

read_node::Read<Expect> ExpectOf(const std::string& yaml) {
  return read_node::ReadNode<Expect>(yaml, LoadExpect);
}

TEST(Expect, ReadsTheBuiltInChecks) {
  auto r = ExpectOf("{replies: upper, stdout: peer-replies, received: stdin, exit: running}");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].ToString();
  EXPECT_EQ(r.value.replies, Transform::kUpper);
  EXPECT_EQ(r.value.stdout_source, StdoutSource::kPeerReplies);
  EXPECT_EQ(r.value.received_source, ReceivedSource::kStdin);
  EXPECT_EQ(r.value.exit, ExitRule::kRunning);
}

TEST(Expect, ListsOfLinesAreWhatMustBePrintedOrReceived) {
  auto r = ExpectOf("{stdout: [a, b], received: [c]}");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].ToString();
  EXPECT_EQ(r.value.stdout_source, StdoutSource::kLines);
  EXPECT_EQ(r.value.stdout_lines, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.value.received_source, ReceivedSource::kLines);
  EXPECT_EQ(r.value.received_lines, std::vector<std::string>{"c"});
}

// exit_status waits for the program to exit, as `exit: required` does.
TEST(Expect, AnExitStatusRequiresTheExit) {
  auto r = ExpectOf("{exit_status: 3, no_traceback: true}");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].ToString();
  EXPECT_EQ(r.value.exit_status, 3);
  EXPECT_EQ(r.value.exit, ExitRule::kRequired);
  EXPECT_TRUE(r.value.no_traceback);
}

TEST(Expect, AnUnknownValueNamesTheChoices) {
  auto r = ExpectOf("{replies: capitalised}");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("upper"), std::string::npos) << r.errors[0].message;
}

TEST(Expect, NothingIsExpectedOnlyWhenNoCheckIsGiven) {
  EXPECT_TRUE(ExpectsNothing(Expect{}));
  EXPECT_TRUE(ExpectsNothing(ExpectOf("{exit: any}").value));
  for (const char* one :
       {"{replies: same}", "{stdout: [a]}", "{received: stdin}", "{exit: required}",
        "{stdout_contains: [a]}", "{exit_status: 0}", "{no_traceback: true}"})
    EXPECT_FALSE(ExpectsNothing(ExpectOf(one).value)) << one;
}

}  // namespace
}  // namespace netgrade::spec
