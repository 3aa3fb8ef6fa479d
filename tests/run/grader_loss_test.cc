// Datagrams the kernel dropped on the grader's own proxy make the case a grader problem,
// never the student's failure: from a real overflowing proxy to Judge()'s verdict.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "harness/net/udp_proxy.h"
#include "harness/run/judge.h"

namespace netgrade::run {
namespace {

TEST(GraderLoss, KernelDropsOnTheProxyAreAGraderProblem) {
  EventLoop loop;
  Fd sink = net::UdpBind(net::Address::Parse("127.0.0.1", 0));
  net::ProxyOptions o;
  o.listen = net::Address::Parse("127.0.0.1", 0);
  o.target = net::LocalAddress(sink.get());
  o.udp_buffer_bytes = 1;  // the kernel's minimum, so a burst overflows it
  net::UdpProxy proxy(loop, o);
  Fd sender = net::UdpBind(net::Address::Parse("127.0.0.1", 0));
  net::Address to = net::Address::Parse("127.0.0.1", proxy.port());
  std::string m(64, 'x');
  for (int i = 0; i < 500; ++i) ::sendto(sender.get(), m.data(), m.size(), 0, to.sa(), to.length);
  ASSERT_TRUE(loop.RunUntil([&] { return proxy.kernel_drops() > 0; }, Clock::now() + std::chrono::seconds(5)));

  // What CaseRunner::Snapshot puts into the observation (grader_loss = kernel_drops() > 0).
  Observation obs;
  obs.grader_loss = proxy.kernel_drops() > 0;
  check::Finding f = Judge(obs);
  EXPECT_FALSE(f.ok());
  EXPECT_EQ(f.code, check::Code::kGraderProblem);
  EXPECT_NE(f.message.find("not your program's fault"), std::string::npos) << f.message;
}

TEST(GraderLoss, AProxyThatDroppedNothingIsNoGraderProblem) {
  EventLoop loop;
  Fd sink = net::UdpBind(net::Address::Parse("127.0.0.1", 0));
  net::ProxyOptions o;
  o.listen = net::Address::Parse("127.0.0.1", 0);
  o.target = net::LocalAddress(sink.get());
  net::UdpProxy proxy(loop, o);
  Fd sender = net::UdpBind(net::Address::Parse("127.0.0.1", 0));
  net::Address to = net::Address::Parse("127.0.0.1", proxy.port());
  ::sendto(sender.get(), "hello", 5, 0, to.sa(), to.length);
  ASSERT_TRUE(loop.RunUntil([&] { return proxy.transcript().entries().size() == 1; },
                            Clock::now() + std::chrono::seconds(5)));
  EXPECT_EQ(proxy.kernel_drops(), 0u);
}

}  // namespace
}  // namespace netgrade::run
