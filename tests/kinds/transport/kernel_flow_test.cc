// A kernel TCP flow through the case's link model: its packets cross only as the link lets
// them (its rate bounds the flow's goodput; a link that loses everything never lets it connect),
// and it reports what its far end read over time. Skipped where namespaces or TUN devices
// cannot be made (the case is then not run: run/own_network.h).
#include "harness/kinds/transport/kernel_flow.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "harness/base/error.h"

namespace netgrade::transport {
namespace {

using std::chrono::milliseconds;

// A flow through one link each way, run for `run`; nullopt (and the test skipped) where it
// cannot be made.
struct Ran {
  bool made = false;
  std::string why;
  bool connected = false;
  size_t bytes = 0, packets = 0, dropped = 0;
  std::vector<Progress> progress;
  std::string congestion_control;
};

Ran RunFlow(const LinkConfig& config, milliseconds run) {
  Ran ran;
  EventLoop loop;
  Link out(config, 1), back(config, 2);
  Micros last[2] = {Micros{0}, Micros{0}};
  const TimePoint start = loop.Now();
  auto offer = [&](bool to_far, Micros at, size_t bytes) {
    Micros& l = last[to_far ? 0 : 1];
    l = std::max(l, at);
    return (to_far ? out : back).Offer(l, bytes);
  };
  std::unique_ptr<KernelTcpFlow> flow;
  try {
    flow = KernelTcpFlow::Create({&loop, start, offer}, &ran.why);
  } catch (const SystemError& e) {
    ran.why = e.what();
  }
  if (!flow) return ran;
  ran.made = true;
  flow->Start();
  loop.RunUntil([] { return false; }, start + run);
  flow->Stop();
  ran.connected = flow->connected();
  ran.bytes = flow->bytes_read();
  ran.packets = flow->packets();
  ran.dropped = flow->dropped();
  ran.progress = flow->progress();
  ran.congestion_control = flow->congestion_control();
  return ran;
}

TEST(KernelTcpFlow, ItsGoodputIsBoundedByTheLinksRate) {
  LinkConfig c;
  c.rate_bps = 4'000'000;
  c.delay = Micros{5000};
  c.queue_packets = 40;
  const milliseconds run{1500};
  Ran ran = RunFlow(c, run);
  if (!ran.made) GTEST_SKIP() << ran.why;
  ASSERT_TRUE(ran.connected) << "the handshake never crossed the link";
  EXPECT_FALSE(ran.congestion_control.empty()) << "the kernel names its congestion control";
  ASSERT_FALSE(ran.progress.empty());
  for (size_t i = 1; i < ran.progress.size(); ++i) {
    EXPECT_GE(ran.progress[i].at, ran.progress[i - 1].at);
    EXPECT_GT(ran.progress[i].bytes, ran.progress[i - 1].bytes);
  }
  EXPECT_EQ(ran.progress.back().bytes, ran.bytes);
  // At 4 Mbit/s for at most 1.5 s: no more than 750,000 bytes (and the headers cost more);
  // loopback alone would carry hundreds of megabytes in that time.
  EXPECT_LE(ran.bytes, 750'000u) << "more than the link's rate let through";
  EXPECT_GE(ran.bytes, 150'000u) << "far less than the link's rate: the flow hardly ran";
}

TEST(KernelTcpFlow, ALinkThatLosesEverythingNeverLetsItConnect) {
  LinkConfig c;
  c.rate_bps = 10'000'000;
  c.loss = 1;
  Ran ran = RunFlow(c, milliseconds{1200});
  if (!ran.made) GTEST_SKIP() << ran.why;
  EXPECT_FALSE(ran.connected);
  EXPECT_EQ(ran.bytes, 0u);
  EXPECT_GE(ran.packets, 1u) << "the SYN was offered to the link";
  EXPECT_EQ(ran.dropped, ran.packets) << "and the link lost every packet";
}

}  // namespace
}  // namespace netgrade::transport
