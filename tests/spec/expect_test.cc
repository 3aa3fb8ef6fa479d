// `expect:` as the loader reads it, and whether a case's expect checks anything at all.
#include "harness/spec/expect.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/spec/read_node.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using testing_support::ExpectWordsOf;

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
  ExpectWordsOf("replies: capitalised", r.errors[0].message);
}

TEST(Expect, NothingIsExpectedOnlyWhenNoCheckIsGiven) {
  EXPECT_TRUE(ExpectsNothing(Expect{}));
  EXPECT_TRUE(ExpectsNothing(ExpectOf("{exit: any}").value));
  for (const char* one :
       {"{replies: same}", "{stdout: [a]}", "{received: stdin}", "{exit: required}",
        "{stdout_contains: [a]}", "{exit_status: 0}", "{no_traceback: true}"})
    EXPECT_FALSE(ExpectsNothing(ExpectOf(one).value)) << one;
}

// A line of `stdout` or `received` may carry its own hint; the lines stay in order.
TEST(Expect, ALineMayCarryItsOwnHint) {
  auto r = ExpectOf(R"({stdout: [a, {line: b, hint: "print b"}], received: [{line: c}]})");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].ToString();
  EXPECT_EQ(r.value.stdout_lines, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.value.stdout_line_hints, (std::vector<std::string>{"", "print b"}));
  EXPECT_EQ(r.value.received_lines, std::vector<std::string>{"c"});
  EXPECT_EQ(r.value.received_line_hints, std::vector<std::string>{""});
}

TEST(Expect, ALineWithoutItsTextIsAnErrorAtItsPlace) {
  auto r = ExpectOf(R"({stdout: [a, {hint: "print b"}]})");
  ASSERT_EQ(r.errors.size(), 1u);
  ExpectWordsOf("{hint: print b}", r.errors[0].message);
  EXPECT_EQ(r.errors[0].mark.column, 14) << r.errors[0].ToString();
}

// `hints:` gives advice per check the case makes; one for a check it does not make would
// never be shown, so it is an error that says what to do.
TEST(Expect, HintsAreForChecksTheCaseMakes) {
  auto r = ExpectOf(R"y({exit_status: 0, no_traceback: true, stdout: [a],
                        hints: {exit_status: "exit with sys.exit(0)", stdout: "one line"}})y");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].ToString();
  EXPECT_EQ(r.value.hints.at("exit_status"), "exit with sys.exit(0)");
  EXPECT_EQ(r.value.hints.at("stdout"), "one line");

  auto wrong = ExpectOf(R"({stdout: [a], hints: {received: "send it"}})");
  ASSERT_EQ(wrong.errors.size(), 1u);
  ExpectWordsOf("hints: {received: ...}", wrong.errors[0].message);
  auto unknown = ExpectOf(R"({stdout: [a], hints: {stdout_matches: "x"}})");
  ASSERT_EQ(unknown.errors.size(), 1u);
  ExpectWordsOf("hints: {stdout_matches: ...}", unknown.errors[0].message);
}

// `received_ids`: a pattern whose group `id` is a query's id, alone or with a hint; without
// that group it could check nothing, so it is an error.
TEST(Expect, ReceivedIdsNeedsAGroupNamedId) {
  auto r = ExpectOf(R"({received_ids: {pattern: '^(?P<id>\d+) ', hint: "a counter"}})");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].ToString();
  ASSERT_TRUE(r.value.received_ids.has_value());
  EXPECT_EQ(r.value.received_ids->pattern, "^(?P<id>\\d+) ");
  EXPECT_EQ(r.value.received_ids->hint, "a counter");
  EXPECT_FALSE(ExpectsNothing(r.value));
  EXPECT_TRUE(ExpectOf(R"({received_ids: '(?P<id>\w+)'})").errors.empty());

  auto unnamed = ExpectOf(R"({received_ids: '^(\d+) '})");
  ASSERT_EQ(unnamed.errors.size(), 1u);
  ExpectWordsOf("received_ids: '^(\\d+) '", unnamed.errors[0].message);
  EXPECT_EQ(ExpectOf(R"({received_ids: '(?P<id>'})").errors.size(), 1u);
}

}  // namespace
}  // namespace netgrade::spec
