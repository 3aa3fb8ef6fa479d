// Datagrams the kernel dropped on the grader's own proxy make the case a grader problem,
// never the student's failure: from a real overflowing proxy to Judge()'s verdict.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "harness/check/judge.h"
#include "harness/proxy/udp_proxy.h"

namespace netgrade::run {
namespace {
using namespace netgrade::plan;
using namespace netgrade::peers;
using namespace netgrade::observe;
using namespace netgrade::check;

TEST(GraderLoss, KernelDropsOnTheProxyAreAGraderProblem) {
  EventLoop loop;
  Fd sink = UdpBind(Address::Parse("127.0.0.1", 0));
  proxy::ProxyOptions o;
  o.listen = Address::Parse("127.0.0.1", 0);
  o.target = LocalAddress(sink.get());
  o.udp_buffer_bytes = 1;  // the kernel's minimum, so a burst overflows it
  proxy::UdpProxy proxy(loop, o);
  Fd sender = UdpBind(Address::Parse("127.0.0.1", 0));
  Address to = Address::Parse("127.0.0.1", proxy.port());
  std::string m(64, 'x');
  for (int i = 0; i < 500; ++i) ::sendto(sender.get(), m.data(), m.size(), 0, to.sa(), to.length);
  ASSERT_TRUE(loop.RunUntil([&] { return proxy.kernel_drops() > 0; },
                            Clock::now() + std::chrono::seconds(5)));

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
  Fd sink = UdpBind(Address::Parse("127.0.0.1", 0));
  proxy::ProxyOptions o;
  o.listen = Address::Parse("127.0.0.1", 0);
  o.target = LocalAddress(sink.get());
  proxy::UdpProxy proxy(loop, o);
  Fd sender = UdpBind(Address::Parse("127.0.0.1", 0));
  Address to = Address::Parse("127.0.0.1", proxy.port());
  ::sendto(sender.get(), "hello", 5, 0, to.sa(), to.length);
  ASSERT_TRUE(loop.RunUntil([&] { return proxy.transcript().entries().size() == 1; },
                            Clock::now() + std::chrono::seconds(5)));
  EXPECT_EQ(proxy.kernel_drops(), 0u);
}

}  // namespace
}  // namespace netgrade::run
