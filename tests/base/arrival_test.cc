// When a datagram reached the grader's socket: the kernel's stamp, however late the grader
// read it.
#include "harness/base/arrival.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "harness/base/fd.h"

namespace netgrade {
namespace {

// A control message carrying an SCM_TIMESTAMPNS stamp `ago` before now.
struct Stamped {
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))] = {};
  msghdr m{};
  explicit Stamped(std::chrono::nanoseconds ago) {
    m.msg_control = control;
    m.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_TIMESTAMPNS;
    c->cmsg_len = CMSG_LEN(sizeof(timespec));
    timespec real;
    ::clock_gettime(CLOCK_REALTIME, &real);
    int64_t ns = int64_t{real.tv_sec} * 1'000'000'000 + real.tv_nsec - ago.count();
    timespec stamp{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    std::memcpy(CMSG_DATA(c), &stamp, sizeof stamp);
  }
};

// The kernel's stamp says when a frame arrived, however late the grader read it; a stamp
// missing, from the future or older than 10 s (the realtime clock set meanwhile) gives now.
TEST(Arrival, ADatagramArrivedWhenTheKernelStampedIt) {
  Stamped late(std::chrono::milliseconds(300));
  const TimePoint now = Clock::now();
  auto earlier = now - ArrivedAt(late.m, now);
  EXPECT_GE(earlier, std::chrono::milliseconds(300));
  EXPECT_LT(earlier, std::chrono::milliseconds(400));
  Stamped future(-std::chrono::seconds(5));
  EXPECT_EQ(ArrivedAt(future.m, now), now);
  Stamped old(std::chrono::seconds(30));
  EXPECT_EQ(ArrivedAt(old.m, now), now);
  msghdr none{};
  EXPECT_EQ(ArrivedAt(none, now), now);
}

// The time given as now may be old (read before the grader was preempted): the stamp is put on
// the monotonic clock by reading both clocks together, not by subtracting from that now (the
// platform's CI at 26aab80: an ACK placed milliseconds before the DATA it answered).
TEST(Arrival, AStampDoesNotDependOnWhenNowWasRead) {
  const TimePoint stale = Clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(60));  // preempted meanwhile
  Stamped recent(std::chrono::milliseconds(10));
  const TimePoint after = Clock::now();
  const TimePoint at = ArrivedAt(recent.m, stale);
  EXPECT_GE(after - at, std::chrono::milliseconds(10));
  EXPECT_LT(after - at, std::chrono::milliseconds(40)) << "placed by the stale now";
}

// A datagram read 80 ms after it was sent is stamped when it came, not when it was read; with
// no datagram waiting nothing is read.
TEST(Arrival, AReadLateDatagramKeepsItsTimeOfArrival) {
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair), 0);
  Fd reader(pair[0]), writer(pair[1]);
  StampArrivals(reader.get());
  Arrival a;
  EXPECT_FALSE(ReceiveStamped(reader.get(), 100, Clock::now(), &a));
  const TimePoint sent = Clock::now();
  ASSERT_EQ(::write(writer.get(), "hello", 5), 5);
  std::this_thread::sleep_for(std::chrono::milliseconds(80));  // the grader busy elsewhere
  const TimePoint now = Clock::now();
  ASSERT_TRUE(ReceiveStamped(reader.get(), 100, now, &a));
  EXPECT_EQ(std::string(a.bytes.begin(), a.bytes.end()), "hello");
  EXPECT_GE(now - a.at, std::chrono::milliseconds(70)) << "stamped when read, not when it came";
  EXPECT_GE(a.at, sent - std::chrono::milliseconds(5));
}

}  // namespace
}  // namespace netgrade
