#include "harness/base/quantity.h"

#include <gtest/gtest.h>

namespace netgrade {
namespace {

TEST(ParseDurationMs, NeedsAUnitAndWholeMilliseconds) {
  std::string w;
  EXPECT_EQ(ParseDurationMs("-2s", &w), -2000) << "the caller refuses it with its bounds";
  std::string why;
  EXPECT_EQ(ParseDurationMs("5s", &why), 5000);
  EXPECT_EQ(ParseDurationMs("500ms", &why), 500);
  EXPECT_EQ(ParseDurationMs("1.5s", &why), 1500);
  EXPECT_EQ(ParseDurationMs("0.001s", &why), 1);
  EXPECT_EQ(ParseDurationMs("5", &why), std::nullopt);
  EXPECT_NE(why.find("with a unit"), std::string::npos) << why;
  EXPECT_EQ(ParseDurationMs("1.5ms", &why), std::nullopt);
  EXPECT_NE(why.find("whole milliseconds"), std::string::npos) << why;
  EXPECT_EQ(ParseDurationMs("1.0005s", &why), std::nullopt);
  EXPECT_EQ(ParseDurationMs("5m", &why), std::nullopt);
  EXPECT_NE(why.find("units: s, ms"), std::string::npos) << why;
  EXPECT_EQ(ParseDurationMs("1.s", &why), std::nullopt);
  EXPECT_EQ(ParseDurationMs("9999999999s", &why), std::nullopt) << "too many digits";
}

TEST(ParseRate, TakesAShareOrAPercentage) {
  bool out_of_range = true;
  EXPECT_DOUBLE_EQ(ParseRate("30%", &out_of_range).value(), 0.3);
  EXPECT_FALSE(out_of_range);
  EXPECT_DOUBLE_EQ(ParseRate("0.25", &out_of_range).value(), 0.25);
  EXPECT_DOUBLE_EQ(ParseRate("1e-1", &out_of_range).value(), 0.1);
  EXPECT_DOUBLE_EQ(ParseRate("100%", &out_of_range).value(), 1.0);
  EXPECT_DOUBLE_EQ(ParseRate("0", &out_of_range).value(), 0.0);
}

TEST(ParseRate, TellsNoRateFromOutOfRange) {
  bool out_of_range = false;
  EXPECT_EQ(ParseRate("150%", &out_of_range), std::nullopt);
  EXPECT_TRUE(out_of_range);
  EXPECT_EQ(ParseRate("-0.1", &out_of_range), std::nullopt);
  EXPECT_TRUE(out_of_range);
  for (const char* bad : {"", "%", "thirty", "30 %", "0.3x", "nan", "inf"}) {
    EXPECT_EQ(ParseRate(bad, &out_of_range), std::nullopt) << bad;
    EXPECT_FALSE(out_of_range) << bad;
  }
}

}  // namespace
}  // namespace netgrade
