#include "harness/base/held_memory.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace netgrade {
namespace {

TEST(ParseStatusHoldings, CountsThreadsAndAnonymousAndSharedMemoryNotFiles) {
  std::optional<Holdings> h = ParseStatusHoldings(
      "Name:\tpython3\nThreads:\t3\nRssAnon:\t  1000 kB\nRssFile:\t  9000 kB\n"
      "RssShmem:\t   24 kB\n");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->tasks, 3);
  EXPECT_EQ(h->mapped_bytes, int64_t{1024} << 10);
  EXPECT_FALSE(ParseStatusHoldings("Name:\tkthreadd\n"));
  EXPECT_FALSE(ParseStatusHoldings("Threads:\tmany\n"));
}

// A memfd written and never mapped: no address space shows it, the descriptor walk does,
// once however many descriptors hold it.
TEST(TmpfsBytesHeldOpen, CountsAMemfdOnceAndItsPagesOnlyWhenWritten) {
  int64_t before = TmpfsBytesHeldOpen({::getpid()});
  int fd = ::memfd_create("held", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  std::string mib(1 << 20, 'x');
  for (int i = 0; i < 4; ++i) ASSERT_EQ(::write(fd, mib.data(), mib.size()), 1 << 20);
  int again = ::dup(fd);
  EXPECT_EQ(TmpfsBytesHeldOpen({::getpid()}) - before, int64_t{4} << 20);
  ASSERT_EQ(::ftruncate(fd, int64_t{64} << 20), 0);  // a hole: nothing held
  EXPECT_EQ(TmpfsBytesHeldOpen({::getpid()}) - before, int64_t{4} << 20);
  ::close(again);
  ::close(fd);
  EXPECT_EQ(TmpfsBytesHeldOpen({::getpid()}), before);
  EXPECT_EQ(TmpfsBytesHeldOpen({999999999}), 0);
}

TEST(HoldingsOf, CountsThisProcessesThreadsAndNothingForTheGone) {
  std::vector<char> held(size_t{32} << 20, 'x');  // touched: resident, anonymous
  Holdings mine = HoldingsOf({::getpid()});
  EXPECT_GE(mine.tasks, 1);
  EXPECT_GE(mine.mapped_bytes, int64_t{32} << 20);
  EXPECT_NE(held[held.size() - 1], 0);
  Holdings gone = HoldingsOf({999999999});
  EXPECT_EQ(gone.tasks, 0);
  EXPECT_EQ(gone.mapped_bytes, 0);
}

}  // namespace
}  // namespace netgrade
