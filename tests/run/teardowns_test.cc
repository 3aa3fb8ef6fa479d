// The teardowns of finished cases: done in the order given, on a thread that is neither the
// caller's nor the process's first, all of them before Finish() returns or the object goes,
// and what one throws is told by Finish() without stopping the rest.
#include "harness/run/teardowns.h"

#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace netgrade::run {
namespace {

TEST(Teardowns, DoesTheWorkInTheOrderGivenOffTheCallersThread) {
  std::vector<int> order;
  std::vector<std::thread::id> threads;
  std::mutex mutex;
  Teardowns t(2);
  for (int i = 0; i < 20; ++i)
    t.Give([&, i] {
      std::lock_guard<std::mutex> lock(mutex);
      order.push_back(i);
      threads.push_back(std::this_thread::get_id());
      EXPECT_NE(::syscall(SYS_gettid), ::getpid()) << "work on the process's first thread";
    });
  t.Finish();
  ASSERT_EQ(order.size(), 20u) << "Finish() returned before everything given was done";
  for (int i = 0; i < 20; ++i) EXPECT_EQ(order[i], i);
  for (std::thread::id id : threads) EXPECT_NE(id, std::this_thread::get_id());
}

// Give() returns while the work is still to do: the caller goes on (the next case) meanwhile.
// A work held until the caller has returned from Give() proves it.
TEST(Teardowns, GiveReturnsBeforeTheWorkIsDone) {
  std::promise<void> given;
  std::shared_future<void> given_now = given.get_future().share();
  std::atomic<bool> done{false};
  Teardowns t;
  t.Give([&] {
    given_now.wait();  // bounded by the test: Give() must return for this to go on
    done = true;
  });
  EXPECT_FALSE(done);
  given.set_value();
  t.Finish();
  EXPECT_TRUE(done);
}

TEST(Teardowns, FinishTellsWhatAWorkThrewAndTheOthersStillRun) {
  std::atomic<int> ran{0};
  Teardowns t;
  t.Give([&] { ++ran; });
  t.Give([] { throw std::runtime_error("the copy could not be removed"); });
  t.Give([&] { ++ran; });
  EXPECT_THROW(
      {
        try {
          t.Finish();
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "the copy could not be removed");
          throw;
        }
      },
      std::runtime_error);
  EXPECT_EQ(ran, 2);
  t.Finish();  // told once
}

// More given than may wait at once: Give() waits for room, and everything is still done.
TEST(Teardowns, MoreThanMayWaitAreAllDoneWhenTheObjectGoes) {
  std::atomic<int> ran{0};
  {
    Teardowns t(1);
    for (int i = 0; i < 50; ++i) t.Give([&] { ++ran; });
  }
  EXPECT_EQ(ran, 50);
}

}  // namespace
}  // namespace netgrade::run
