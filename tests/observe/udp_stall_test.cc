#include "harness/observe/udp_stall.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "harness/base/thresholds.h"
#include "harness/observe/waiting.h"

namespace netgrade::observe {
namespace {

const auto kBound = std::chrono::seconds(10);  // bounds a failure only
const Address kLoopback = Address::Parse("127.0.0.1", 0);
// Injected instead of the default 1.5 s: what is tested is the watch's rule, not the figure.
const auto kStallAfter = std::chrono::milliseconds(300);

// A child blocked in recvfrom() without a timeout, as a client waiting for a lost answer;
// returned once it is seen waiting there.
pid_t BlockedClient(EventLoop& loop) {
  pid_t pid = ::fork();
  if (pid == 0) {
    int s = ::socket(AF_INET, SOCK_DGRAM, 0);
    char buf[16];
    ::recvfrom(s, buf, sizeof buf, 0, nullptr, nullptr);
    ::_exit(0);
  }
  bool waiting = false;
  std::function<void()> look = [&] {
    waiting = AllWaiting({pid});
    if (!waiting) loop.At(Clock::now() + std::chrono::milliseconds(1), look);
  };
  look();
  EXPECT_TRUE(loop.RunUntil([&] { return waiting; }, Clock::now() + kBound));
  return pid;
}

struct Fixture {
  Fixture() : sink(UdpBind(kLoopback)), student(UdpBind(kLoopback)) {
    proxy::ProxyOptions o;
    o.listen = kLoopback;
    o.target = LocalAddress(sink.get());
    o.upstream_is = plan::Direction::kFromStudent;
    o.upstream.drop = {1};
    proxy = std::make_unique<proxy::UdpProxy>(loop, o);
  }
  ~Fixture() {
    if (client > 0) {
      ::kill(client, SIGKILL);
      ::waitpid(client, nullptr, 0);
    }
  }
  void Send(const char* text) {
    Address to = Address::Parse("127.0.0.1", proxy->port());
    ::sendto(student.get(), text, strlen(text), 0, to.sa(), to.length);
  }
  // Runs the loop until the datagram count the proxy saw reaches n.
  void SeenBy(size_t n) {
    ASSERT_TRUE(loop.RunUntil([&] { return proxy->transcript().entries().size() >= n; },
                              Clock::now() + kBound));
  }
  // Runs the loop until just after the watch's look at kStallAfter past the last drop
  // (its timer comes first: same loop, earlier time).
  void PastTheStallBound() {
    bool past = false;
    loop.At(*proxy->last_drop(plan::Direction::kFromStudent) + kStallAfter +
                std::chrono::milliseconds(60),
            [&] { past = true; });
    ASSERT_TRUE(loop.RunUntil([&] { return past; }, Clock::now() + kBound));
  }
  EventLoop loop;
  Fd sink, student;
  std::unique_ptr<proxy::UdpProxy> proxy;
  pid_t client = 0;
};

TEST(UdpStall, AClientSilentAfterADropIsSeenStalledWhereItIsBlocked) {
  Fixture f;
  f.client = BlockedClient(f.loop);
  UdpStallWatch watch(f.loop, *f.proxy, [&] { return f.client; }, kStallAfter);
  f.Send("first line");
  f.SeenBy(1);
  ASSERT_TRUE(f.proxy->last_drop(plan::Direction::kFromStudent).has_value());
  EXPECT_FALSE(watch.stall()) << "decided before the client had its time";
  ASSERT_TRUE(f.loop.RunUntil([&] { return watch.stall().has_value(); }, Clock::now() + kBound));
  EXPECT_GE(Clock::now() - *f.proxy->last_drop(plan::Direction::kFromStudent), kStallAfter);
  EXPECT_EQ(watch.stall()->dropped_what, "its datagram");
  EXPECT_TRUE(watch.stall()->own_lost);
  EXPECT_EQ(watch.stall()->blocked.name, "recvfrom");
  EXPECT_FALSE(watch.stall()->blocked.has_timeout);
}

TEST(UdpStall, AClientThatSendsAgainAfterTheDropIsNotStalled) {
  Fixture f;
  f.client = BlockedClient(f.loop);
  UdpStallWatch watch(f.loop, *f.proxy, [&] { return f.client; }, kStallAfter);
  f.Send("first line");
  f.SeenBy(1);
  f.Send("first line");  // resent: the second one passes
  f.SeenBy(2);
  f.PastTheStallBound();
  EXPECT_FALSE(watch.stall());
}

TEST(UdpStall, AClientThatHasExitedIsNotStalled) {
  Fixture f;
  UdpStallWatch watch(f.loop, *f.proxy, [] { return pid_t{0}; }, kStallAfter);
  f.Send("first line");
  f.SeenBy(1);
  f.PastTheStallBound();
  EXPECT_FALSE(watch.stall());
}

// The rule itself, on a clock the test moves: no sleeping, the default 1.5 s threshold, and the
// boundary to the millisecond.
struct ManualFixture {
  ManualFixture() : loop(&clock), sink(UdpBind(kLoopback)), student(UdpBind(kLoopback)) {
    proxy::ProxyOptions o;
    o.listen = kLoopback;
    o.target = LocalAddress(sink.get());
    o.upstream_is = plan::Direction::kFromStudent;
    o.upstream.drop = {1};
    proxy = std::make_unique<proxy::UdpProxy>(loop, o);
    // A process that stays alive (the stall names where it is blocked): this test's own child.
    client = ::fork();
    if (client == 0) {
      ::pause();
      ::_exit(0);
    }
  }
  ~ManualFixture() {
    ::kill(client, SIGKILL);
    ::waitpid(client, nullptr, 0);
  }
  // Sends a datagram to the proxy and turns the loop (which never waits) until the proxy has
  // taken it; real time bounds only a failure.
  void SendAndSee(const char* text, size_t n) {
    Address to = Address::Parse("127.0.0.1", proxy->port());
    ::sendto(student.get(), text, strlen(text), 0, to.sa(), to.length);
    for (auto end = Clock::now() + kBound;
         proxy->transcript().entries().size() < n && Clock::now() < end;)
      loop.RunOnce(clock.now());
    ASSERT_EQ(proxy->transcript().entries().size(), n);
  }
  void Advance(std::chrono::milliseconds d) {
    clock.Advance(d);
    loop.RunOnce(clock.now());
  }
  ManualClock clock;
  EventLoop loop;
  Fd sink, student;
  std::unique_ptr<proxy::UdpProxy> proxy;
  pid_t client = 0;
};

TEST(UdpStall, OnAMovedClockTheStallIsDecidedAtTheThresholdNotAMillisecondBefore) {
  ManualFixture f;
  Thresholds t;
  UdpStallWatch watch(f.loop, *f.proxy, [&] { return f.client; }, t.stall_after_drop);
  f.SendAndSee("first line", 1);
  EXPECT_EQ(f.proxy->last_drop(plan::Direction::kFromStudent), f.clock.now());
  f.Advance(t.stall_after_drop - std::chrono::milliseconds(1));
  f.Advance(std::chrono::milliseconds(0));  // the look it set for the bound is not due yet
  EXPECT_FALSE(watch.stall());
  f.Advance(std::chrono::milliseconds(1));
  ASSERT_TRUE(watch.stall());
  EXPECT_EQ(watch.stall()->dropped_what, "its datagram");
  EXPECT_TRUE(watch.stall()->own_lost);
}

TEST(UdpStall, OnAMovedClockADatagramSentBeforeTheThresholdMeansNoStall) {
  ManualFixture f;
  Thresholds t;
  UdpStallWatch watch(f.loop, *f.proxy, [&] { return f.client; }, t.stall_after_drop);
  f.SendAndSee("first line", 1);
  f.Advance(t.stall_after_drop - std::chrono::milliseconds(1));
  f.SendAndSee("first line", 2);  // sent again just in time
  f.Advance(std::chrono::seconds(10));
  EXPECT_FALSE(watch.stall());
}

// A datagram that met the stopped peer's closed port (no proxy): a loss as the plan's drops
// are, named by its text, on the clock the test moves.
TEST(UdpStall, ADatagramLostToAClosedPortStallsAClientSilentAfterIt) {
  ManualFixture f;
  Thresholds t;
  size_t delivered = 0;
  ClosedPortLosses losses(f.loop, [&] { return delivered; });
  UdpStallWatch watch(f.loop, losses.Feed(), [&] { return f.client; }, t.stall_after_drop);
  f.Advance(std::chrono::milliseconds(5));
  losses.Lost("line 3 of 4\n");
  f.Advance(t.stall_after_drop - std::chrono::milliseconds(1));
  EXPECT_FALSE(watch.stall());
  f.Advance(std::chrono::milliseconds(1));
  ASSERT_TRUE(watch.stall());
  EXPECT_EQ(watch.stall()->dropped_what, "its datagram");
  EXPECT_TRUE(watch.stall()->own_lost);
  EXPECT_EQ(watch.stall()->closed_port_text, "line 3 of 4");
}

// Sent again once the peer is back, the line reaches it: no stall.
TEST(UdpStall, ALineLostToAClosedPortAndDeliveredLaterIsNoStall) {
  ManualFixture f;
  Thresholds t;
  size_t delivered = 2;  // the lines before the peer was stopped
  ClosedPortLosses losses(f.loop, [&] { return delivered; });
  UdpStallWatch watch(f.loop, losses.Feed(), [&] { return f.client; }, t.stall_after_drop);
  losses.Lost("line 3 of 4");
  f.Advance(t.stall_after_drop - std::chrono::milliseconds(1));
  ++delivered;  // its resend, after its timeout
  f.Advance(std::chrono::seconds(10));
  EXPECT_FALSE(watch.stall());
  EXPECT_FALSE(watch.SettleAtRest(f.client));
}

// A client that gave the line up after its timeout and now reads its standard input (the
// script feeds the next line only once the lost one is answered) waits for input, not for
// the lost answer: no stall, at rest or not.
TEST(UdpStall, AClientReadingItsInputAfterALossIsNotStalled) {
  ManualFixture f;
  int input[2];
  ASSERT_EQ(::pipe(input), 0);
  pid_t reader = ::fork();
  if (reader == 0) {
    char c;
    ::close(input[1]);
    ::_exit(static_cast<int>(::read(input[0], &c, 1)));
  }
  ::close(input[0]);
  EventLoop real;
  bool waiting = false;
  std::function<void()> look = [&] {
    waiting = BlockedIn(reader).name == "read";
    if (!waiting) real.At(Clock::now() + std::chrono::milliseconds(1), look);
  };
  look();
  ASSERT_TRUE(real.RunUntil([&] { return waiting; }, Clock::now() + kBound));
  EXPECT_TRUE(WaitsForInput(reader, BlockedIn(reader)));
  ClosedPortLosses losses(f.loop, [] { return size_t{0}; });
  UdpStallWatch watch(f.loop, losses.Feed(), [&] { return reader; }, Thresholds{}.stall_after_drop);
  losses.Lost("line 3 of 4");
  EXPECT_FALSE(watch.SettleAtRest(reader));
  f.Advance(std::chrono::seconds(10));
  EXPECT_FALSE(watch.stall());
  ::close(input[1]);
  ::waitpid(reader, nullptr, 0);
}

// The same client blocked in recvfrom() (a socket) is not waiting for input.
TEST(UdpStall, AClientBlockedOnItsSocketDoesNotWaitForInput) {
  EventLoop loop;
  pid_t client = BlockedClient(loop);
  EXPECT_FALSE(WaitsForInput(client, BlockedIn(client)));
  ::kill(client, SIGKILL);
  ::waitpid(client, nullptr, 0);
}

TEST(UdpStall, ALineDroppedAndNeverSentAgainIsNamedOnce) {
  proxy::Transcript t;
  using plan::Direction;
  t.Add(Direction::kFromStudent, 1, "one\n", 4, proxy::Action::kDropped, "dropped (plan: #1)");
  t.Add(Direction::kFromStudent, 2, "two\n", 4, proxy::Action::kPassed);
  t.Add(Direction::kToStudent, 1, "TWO\n", 4, proxy::Action::kDropped,
        "dropped (plan: #1)");  // the answer to "two"
  t.Add(Direction::kFromStudent, 3, "three\n", 6, proxy::Action::kPassed);
  EXPECT_EQ(DroppedNotResent(t), (std::vector<std::string>{"one", "two"}));
}

TEST(UdpStall, ALineSentAgainAfterItsDropIsNotNamed) {
  proxy::Transcript t;
  using plan::Direction;
  t.Add(Direction::kFromStudent, 1, "one", 3, proxy::Action::kDropped, "dropped (plan: #1)");
  t.Add(Direction::kFromStudent, 2, "one", 3, proxy::Action::kPassed);
  t.Add(Direction::kToStudent, 1, "ONE", 3, proxy::Action::kDropped, "dropped (drop_rate, seed 1)");
  t.Add(Direction::kFromStudent, 3, "one", 3, proxy::Action::kPassed);
  EXPECT_TRUE(DroppedNotResent(t).empty());
}

}  // namespace
}  // namespace netgrade::observe
