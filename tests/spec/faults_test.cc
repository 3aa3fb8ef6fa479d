// `faults:` as the loader reads it: each direction's drops, duplicates, delays and rates.
#include "harness/spec/faults.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/spec/read_node.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using testing_support::ExpectWordsOf;

read_node::Read<Faults> FaultsOf(const std::string& yaml) {
  return read_node::ReadNode<Faults>(yaml, LoadFaults);
}

TEST(Faults, ReadsFaultsDurationsAndRates) {
  auto r = FaultsOf(
      "to_student: {drop: [1, 4], drop_rate: 30%, duplicate: [2], hold: [3], delay: 20ms, "
      "jitter: 5ms}");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].ToString();
  const DirectionFaults& d = r.value.to_student;
  EXPECT_EQ(d.drop, (std::vector<int>{1, 4}));
  EXPECT_DOUBLE_EQ(d.drop_rate, 0.3);
  EXPECT_EQ(d.duplicate, std::vector<int>{2});
  EXPECT_EQ(d.hold, std::vector<int>{3});
  EXPECT_EQ(d.delay_ms, 20);
  EXPECT_EQ(d.jitter_ms, 5);
  EXPECT_TRUE(r.value.from_student.Empty());
}

TEST(Faults, ReadsTheStreamFaultsOfTheOtherDirection) {
  auto r = FaultsOf("from_student: {slice: 3, coalesce: true, reset_after: 100, late: [2]}");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].ToString();
  const DirectionFaults& d = r.value.from_student;
  EXPECT_EQ(d.slice, 3);
  EXPECT_TRUE(d.coalesce);
  EXPECT_EQ(d.reset_after, 100);
  EXPECT_EQ(d.late, std::vector<int>{2});
  EXPECT_EQ(d.mark.line, 1);
  EXPECT_TRUE(r.value.to_student.Empty());
}

TEST(Faults, ARateIsANumberOrAPercentage) {
  EXPECT_DOUBLE_EQ(FaultsOf("to_student: {drop_rate: .5}").value.to_student.drop_rate, 0.5);
  auto quoted = FaultsOf("to_student: {drop_rate: '0.3'}");
  ASSERT_EQ(quoted.errors.size(), 1u);
  EXPECT_EQ(quoted.errors[0].message,
            "expected a share for 'drop_rate' such as 0.3 or 30%, found '0.3'");
}

TEST(Faults, AnOutOfRangeRateSaysTheRange) {
  auto r = FaultsOf("to_student: {drop_rate: 150%}");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "'drop_rate' must be from 0 to 1 (0% to 100%), found 150%");
}

TEST(Faults, AnUnknownDirectionIsAnError) {
  auto r = FaultsOf("to_server: {drop: [1]}");
  ASSERT_EQ(r.errors.size(), 1u);
  ExpectWordsOf("to_server", r.errors[0].message);
}

}  // namespace
}  // namespace netgrade::spec
