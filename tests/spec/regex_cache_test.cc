#include "harness/spec/regex_cache.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace netgrade::spec {
namespace {

TEST(Compiled, ThePatternIsCompiledOnceAndMatchesAsRe2Does) {
  std::shared_ptr<const RE2> a = Compiled("^(?P<seq>[01]):");
  std::shared_ptr<const RE2> b = Compiled("^(?P<seq>[01]):");
  ASSERT_TRUE(a->ok());
  EXPECT_EQ(a.get(), b.get()) << "compiled twice";
  EXPECT_TRUE(RE2::PartialMatch("1:chair", *a));
  EXPECT_FALSE(RE2::PartialMatch("2:chair", *a));
  EXPECT_NE(Compiled("^(?P<seq>[01])").get(), a.get()) << "another pattern, another object";
}

TEST(Compiled, AnInvalidPatternIsNotOkAndSaysNothing) {
  testing::internal::CaptureStderr();
  std::shared_ptr<const RE2> bad = Compiled("(unclosed");
  EXPECT_FALSE(bad->ok());
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(Compiled, ThreadsAskingAtOnceGetOnePatternEach) {
  std::vector<const RE2*> got(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i)
    threads.emplace_back([&got, i] { got[i] = Compiled("^HTTP/1\\.[01] 200 OK$").get(); });
  for (std::thread& t : threads) t.join();
  for (const RE2* re : got) EXPECT_EQ(re, got.front());
}

}  // namespace
}  // namespace netgrade::spec
