#include "harness/base/error.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <cstring>

namespace netgrade {
namespace {

TEST(SystemError, SaysWhatFailedAndWhyAndKeepsErrno) {
  SystemError e("cannot open file 'x'", ENOENT);
  EXPECT_EQ(std::string(e.what()), std::string("cannot open file 'x': ") + std::strerror(ENOENT));
  EXPECT_EQ(e.errno_value(), ENOENT);
}

TEST(CheckSys, PassesAResultThroughAndThrowsOnMinusOneWithErrno) {
  EXPECT_EQ(CheckSys(5, "five"), 5);
  EXPECT_EQ(CheckSys(0L, "zero"), 0L);
  try {
    CheckSys(::open("/nonexistent/netgrade", O_RDONLY), "open /nonexistent/netgrade");
    FAIL() << "open of a missing file did not throw";
  } catch (const SystemError& e) {
    EXPECT_EQ(e.errno_value(), ENOENT);
    EXPECT_EQ(std::string(e.what()).rfind("open /nonexistent/netgrade: ", 0), 0u) << e.what();
  }
}

TEST(UsageError, IsNotASystemError) {
  try {
    throw UsageError("no such exercise");
  } catch (const SystemError&) {
    FAIL() << "a usage error must not be caught as the grader's own failure";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "no such exercise");
  }
}

}  // namespace
}  // namespace netgrade
