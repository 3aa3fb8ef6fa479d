#include "harness/proxy/udp_proxy.h"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstring>

namespace netgrade::proxy {
namespace {

const Address kLoopback = Address::Parse("127.0.0.1", 0);

// A UDP sink on the loop that records what arrives.
struct Sink {
  Sink(EventLoop& loop) : loop(loop), fd(UdpBind(kLoopback)) {
    loop.Watch(fd.get(), POLLIN, [this](short) {
      char buf[2048];
      ssize_t n;
      while ((n = ::recv(fd.get(), buf, sizeof buf, 0)) >= 0) got.emplace_back(buf, n);
    });
  }
  ~Sink() { loop.Unwatch(fd.get()); }
  EventLoop& loop;
  Fd fd;
  std::vector<std::string> got;
};

std::vector<std::string> ThroughUdpProxy(const spec::DirectionFaults& f, uint64_t seed,
                                         std::vector<std::string>* lines,
                                         std::vector<TranscriptEntry>* entries = nullptr) {
  EventLoop loop;
  Sink sink(loop);
  ProxyOptions o{.listen = kLoopback,
                 .target = LocalAddress(sink.fd.get()),
                 .upstream = f,
                 .downstream = {},
                 .upstream_is = plan::Direction::kToStudent,
                 .seed = seed,
                 .thresholds = {}};
  UdpProxy proxy(loop, o);
  Fd sender = UdpBind(kLoopback);
  Address to = Address::Parse("127.0.0.1", proxy.port());
  for (const char* m : {"one", "two", "three", "four", "five"})
    ::sendto(sender.get(), m, strlen(m), 0, to.sa(), to.length);
  size_t want = 0;  // what the plan lets through, so the test waits for exactly that
  for (int i = 1; i <= 5; ++i) {
    plan::Decision d = plan::Decide(f, seed, plan::Direction::kToStudent, i);
    want += d.drop ? 0 : d.copies;
  }
  loop.RunUntil([&] { return sink.got.size() >= want; }, Clock::now() + std::chrono::seconds(5));
  if (lines) *lines = proxy.transcript().LinesWithoutTimes();
  if (entries) *entries = proxy.transcript().entries();
  EXPECT_EQ(proxy.kernel_drops(), 0u);
  return sink.got;
}

TEST(UdpProxy, DropsTheDatagramsItsPlanNames) {
  spec::DirectionFaults f;
  f.drop = {2, 4};
  EXPECT_EQ(ThroughUdpProxy(f, 1, nullptr), (std::vector<std::string>{"one", "three", "five"}));
}

TEST(UdpProxy, DuplicatesAndReorders) {
  spec::DirectionFaults f;
  f.duplicate = {1};
  f.hold = {3};
  EXPECT_EQ(ThroughUdpProxy(f, 1, nullptr),
            (std::vector<std::string>{"one", "one", "two", "four", "three", "five"}));
}

// #5 is held for the next datagram, which never comes: it goes out on its own once its bound
// has passed. Seen in the transcript: the release is its own entry, after the hold by the
// bound it names (not before, not only at the end of the test: the sink got it).
TEST(UdpProxy, ReleasesAHeldLastDatagramAfterABoundedTime) {
  spec::DirectionFaults f;
  f.hold = {5};  // nothing comes after #5
  std::vector<std::string> lines;
  std::vector<TranscriptEntry> entries;
  EXPECT_EQ(ThroughUdpProxy(f, 1, &lines, &entries),
            (std::vector<std::string>{"one", "two", "three", "four", "five"}));
  ASSERT_EQ(lines.size(), 6u);
  ASSERT_EQ(entries.size(), 6u);
  const TranscriptEntry& held = entries[4];
  const TranscriptEntry& released = entries[5];
  EXPECT_EQ(held.index, 5);
  EXPECT_EQ(held.action, Action::kHeld) << held.words;
  EXPECT_EQ(released.index, 5);
  EXPECT_EQ(released.action, Action::kReleased) << released.words;
  EXPECT_NE(released.words.find("nothing came after it"), std::string::npos) << lines[5];
  // The action names the bound ("released after 200 ms: ..."); the times show it was kept.
  int bound_ms = 0;
  ASSERT_EQ(std::sscanf(released.words.c_str(), "released after %d ms", &bound_ms), 1)
      << released.words;
  EXPECT_GT(bound_ms, 0);
  EXPECT_GE(released.t_ms - held.t_ms, bound_ms)
      << "released " << released.t_ms - held.t_ms << " ms after it was held";
}

TEST(UdpProxy, HoldsSeveralInARowAndReleasesThemInOrder) {
  spec::DirectionFaults f;
  f.hold = {2, 3};
  EXPECT_EQ(ThroughUdpProxy(f, 1, nullptr),
            (std::vector<std::string>{"one", "four", "two", "three", "five"}));
}

TEST(UdpProxy, AHeldDatagramThatIsAlsoDuplicatedGoesOutTwice) {
  spec::DirectionFaults f;
  f.hold = {2};
  f.duplicate = {2};
  EXPECT_EQ(ThroughUdpProxy(f, 1, nullptr),
            (std::vector<std::string>{"one", "three", "two", "two", "four", "five"}));
}

TEST(UdpProxy, TheSameSeedGivesTheSameTranscript) {
  spec::DirectionFaults f;
  f.drop_rate = 0.5;
  std::vector<std::string> a, b, c;
  ThroughUdpProxy(f, 7, &a);
  ThroughUdpProxy(f, 7, &b);
  EXPECT_EQ(a, b);
  ASSERT_EQ(a.size(), 5u);
  EXPECT_NE(a[0].find("'one'"), std::string::npos);
}

TEST(UdpProxy, CountsEveryDatagramTheKernelDroppedOnItsSockets) {
  EventLoop loop;
  Sink sink(loop);
  ProxyOptions o{.listen = kLoopback,
                 .target = LocalAddress(sink.fd.get()),
                 .upstream = {},
                 .downstream = {},
                 .upstream_is = plan::Direction::kToStudent,
                 .seed = 1,
                 .thresholds = {}};
  o.udp_buffer_bytes = 1;  // the kernel's minimum: a few datagrams fit
  UdpProxy proxy(loop, o);
  Fd sender = UdpBind(kLoopback);
  Address to = Address::Parse("127.0.0.1", proxy.port());
  // The loop does not run during the burst, so the proxy's socket overflows.
  size_t sent = 0;
  for (int i = 0; i < 1000; ++i) {
    std::string m = fmt::format("datagram {:4} {:50}", i, "");
    sent += ::sendto(sender.get(), m.data(), m.size(), 0, to.sa(), to.length) ==
            static_cast<ssize_t>(m.size());
  }
  ASSERT_EQ(sent, 1000u);
  // Everything is accounted for: forwarded, or counted as the kernel's drop.
  EXPECT_TRUE(loop.RunUntil([&] { return sink.got.size() + proxy.kernel_drops() >= sent; },
                            Clock::now() + std::chrono::seconds(5)));
  EXPECT_GT(proxy.kernel_drops(), 0u);
  EXPECT_GT(sink.got.size(), 0u);
  EXPECT_EQ(sink.got.size() + proxy.kernel_drops(), sent);
  EXPECT_EQ(proxy.transcript().entries().size(), sink.got.size()) << "the plan dropped none";
}

TEST(UdpProxy, LosesNothingOfABurstThatFitsItsBuffers) {
  EventLoop loop;
  Sink sink(loop);
  // The sink's buffer as the proxy takes its own (udp_proxy.cc's TuneSocket): past rmem_max
  // as root, else what rmem_max allows.
  int big = 4 << 20;
  if (::setsockopt(sink.fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big) != 0)
    ::setsockopt(sink.fd.get(), SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  int got = 0;
  socklen_t len = sizeof got;
  ASSERT_EQ(::getsockopt(sink.fd.get(), SOL_SOCKET, SO_RCVBUF, &got, &len), 0);
  ProxyOptions o{.listen = kLoopback,
                 .target = LocalAddress(sink.fd.get()),
                 .upstream = {},
                 .downstream = {},
                 .upstream_is = plan::Direction::kToStudent,
                 .seed = 1,
                 .thresholds = {}};
  UdpProxy proxy(loop, o);
  Fd sender = UdpBind(kLoopback);
  Address to = Address::Parse("127.0.0.1", proxy.port());
  // Far more than one batch (32), and within both buffers: a 64-byte datagram takes about 1.6 KB
  // of one on loopback (the kernel's count, with its headers), 2 KB to be sure. With
  // Debian's default rmem_max (208 KiB) that is 208 datagrams; with 4 MiB, 3000.
  const size_t kBurst = std::min<size_t>(3000, static_cast<size_t>(got) / 2048);
  ASSERT_GT(kBurst, size_t{64}) << "a receive buffer of " << got << " bytes";
  for (size_t i = 0; i < kBurst; ++i) {
    std::string m = fmt::format("{:64}", i);
    ::sendto(sender.get(), m.data(), m.size(), 0, to.sa(), to.length);
  }
  loop.RunUntil([&] { return sink.got.size() >= kBurst; }, Clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(proxy.kernel_drops(), 0u);
  ASSERT_EQ(sink.got.size(), kBurst);
  for (size_t i = 0; i < kBurst; ++i) EXPECT_EQ(sink.got[i], fmt::format("{:64}", i)) << "in order";
}

TEST(UdpProxy, CountsWhatItCannotCarryFromTooManyPortsAsItsOwnLoss) {
  EventLoop loop;
  Sink sink(loop);
  ProxyOptions o{.listen = kLoopback,
                 .target = LocalAddress(sink.fd.get()),
                 .upstream = {},
                 .downstream = {},
                 .upstream_is = plan::Direction::kToStudent,
                 .seed = 1,
                 .thresholds = {}};
  UdpProxy proxy(loop, o);
  Address to = Address::Parse("127.0.0.1", proxy.port());
  std::vector<Fd> clients;
  for (int i = 0; i < 300; ++i) {  // one datagram each from 300 ports
    clients.push_back(UdpBind(kLoopback));
    ::sendto(clients.back().get(), "x", 1, 0, to.sa(), to.length);
  }
  EXPECT_TRUE(loop.RunUntil([&] { return sink.got.size() + proxy.kernel_drops() >= 300; },
                            Clock::now() + std::chrono::seconds(5)));
  EXPECT_GT(proxy.kernel_drops(), 0u) << "never a silent loss";
  EXPECT_EQ(sink.got.size() + proxy.kernel_drops(), 300u);
}

TEST(UdpProxy, TwoClientsEachGetTheirOwnAnswers) {
  EventLoop loop;
  Fd server = UdpBind(kLoopback);  // answers in upper case to the sender's address
  loop.Watch(server.get(), POLLIN, [&](short) {
    char buf[256];
    Address from;
    from.length = sizeof from.storage;
    ssize_t n = ::recvfrom(server.get(), buf, sizeof buf, 0, from.sa(), &from.length);
    for (ssize_t i = 0; i < n; ++i) buf[i] = static_cast<char>(toupper(buf[i]));
    ::sendto(server.get(), buf, n, 0, from.sa(), from.length);
  });
  ProxyOptions o{.listen = kLoopback,
                 .target = LocalAddress(server.get()),
                 .upstream = {},
                 .downstream = {},
                 .upstream_is = plan::Direction::kToStudent,
                 .seed = 1,
                 .thresholds = {}};
  UdpProxy proxy(loop, o);
  Sink alice(loop), bob(loop);
  Address to = Address::Parse("127.0.0.1", proxy.port());
  ::sendto(alice.fd.get(), "alice", 5, 0, to.sa(), to.length);
  ::sendto(bob.fd.get(), "bob", 3, 0, to.sa(), to.length);
  loop.RunUntil([&] { return alice.got.size() == 1 && bob.got.size() == 1; },
                Clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(alice.got, std::vector<std::string>{"ALICE"});
  EXPECT_EQ(bob.got, std::vector<std::string>{"BOB"});
}

// `late: [2]` on the answers: answer #2 waits for the client's next request, however long
// that takes (no bound, unlike hold), and reaches the client right before that request goes
// on, so the client reads it first: a late answer, in the same order on every run.
TEST(UdpProxy, ALateAnswerWaitsForTheClientsNextRequestAndGoesOutBeforeIt) {
  EventLoop loop;
  Fd server = UdpBind(kLoopback);  // answers in upper case to the sender's address
  loop.Watch(server.get(), POLLIN, [&](short) {
    char buf[256];
    Address from;
    from.length = sizeof from.storage;
    ssize_t n = ::recvfrom(server.get(), buf, sizeof buf, 0, from.sa(), &from.length);
    for (ssize_t i = 0; i < n; ++i) buf[i] = static_cast<char>(toupper(buf[i]));
    ::sendto(server.get(), buf, n, 0, from.sa(), from.length);
  });
  spec::DirectionFaults answers;
  answers.late = {2};
  // The student is the client: upstream (client -> server) is from the student.
  ProxyOptions o{.listen = kLoopback,
                 .target = LocalAddress(server.get()),
                 .upstream = {},
                 .downstream = answers,
                 .upstream_is = plan::Direction::kFromStudent,
                 .seed = 1,
                 .thresholds = {}};
  o.thresholds.hold_bound = std::chrono::milliseconds(0);  // a bounded hold would go at once
  UdpProxy proxy(loop, o);
  Fd client = UdpBind(kLoopback);
  Address to = Address::Parse("127.0.0.1", proxy.port());
  auto read_all = [&] {
    std::vector<std::string> got;
    char buf[256];
    ssize_t n;
    while ((n = ::recv(client.get(), buf, sizeof buf, MSG_DONTWAIT)) >= 0) got.emplace_back(buf, n);
    return got;
  };
  auto held = [&] {
    for (const TranscriptEntry& e : proxy.transcript().entries())
      if (e.action == Action::kHeld) return true;
    return false;
  };
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  ::sendto(client.get(), "one", 3, 0, to.sa(), to.length);
  ::sendto(client.get(), "two", 3, 0, to.sa(), to.length);
  ASSERT_TRUE(loop.RunUntil(held, deadline));
  loop.RunOnce(loop.Now());  // timers due now have fired: a bounded hold would be out
  std::vector<std::string> got = read_all();
  EXPECT_EQ(got, std::vector<std::string>{"ONE"}) << "answer #2 went out before the next request";
  ::sendto(client.get(), "three", 5, 0, to.sa(), to.length);
  ASSERT_TRUE(loop.RunUntil(
      [&] {
        for (std::string& m : read_all()) got.push_back(std::move(m));
        return got.size() >= 3;
      },
      deadline));
  EXPECT_EQ(got, (std::vector<std::string>{"ONE", "TWO", "THREE"}));
  std::vector<std::string> lines = proxy.transcript().LinesWithoutTimes();
  std::string all;
  for (const std::string& l : lines) all += l + "\n";
  // Held, then released when request #3 came, before answer #3 existed.
  size_t late = all.find("late: held back until the other side sends again");
  size_t released = all.find("released: #3 came the other way");
  size_t answer3 = all.find("'THREE'");
  EXPECT_NE(late, std::string::npos) << all;
  EXPECT_LT(late, released) << all;
  EXPECT_LT(released, answer3) << all;
}

}  // namespace
}  // namespace netgrade::proxy
