#include "harness/proxy/case_proxy.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstring>

namespace netgrade::proxy {
namespace {

const Address kLoopback = Address::Parse("127.0.0.1", 0);

TEST(CaseProxy, AUdpCaseGetsAUdpProxyThatDropsWhatThePlanSaysUpstream) {
  EventLoop loop;
  Fd sink = UdpBind(kLoopback);
  std::vector<std::string> got;
  loop.Watch(sink.get(), POLLIN, [&](short) {
    char buf[64];
    ssize_t n;
    while ((n = ::recv(sink.get(), buf, sizeof buf, MSG_DONTWAIT)) >= 0) got.emplace_back(buf, n);
  });
  plan::ProxyPlan plan;
  plan.upstream_is = plan::Direction::kFromStudent;
  plan.upstream.drop = {2};
  plan.downstream.drop = {1};  // nothing goes downstream here: it must not touch upstream
  plan.seed = 99;
  CaseProxy proxy(loop, plan, /*udp=*/true, kLoopback, LocalAddress(sink.get()));
  ASSERT_NE(proxy.udp(), nullptr);
  Fd student = UdpBind(kLoopback);
  Address to = Address::Parse("127.0.0.1", proxy.port());
  for (const char* m : {"one", "two", "three"})
    ::sendto(student.get(), m, std::strlen(m), 0, to.sa(), to.length);
  loop.RunUntil([&] { return got.size() >= 2 && proxy.transcript().entries().size() >= 3; },
                Clock::now() + std::chrono::seconds(5));
  loop.Unwatch(sink.get());
  EXPECT_EQ(got, (std::vector<std::string>{"one", "three"}));
  ASSERT_EQ(proxy.transcript().entries().size(), 3u);
  for (const TranscriptEntry& e : proxy.transcript().entries())
    EXPECT_EQ(e.direction, plan::Direction::kFromStudent) << "upstream is from the student";
}

TEST(CaseProxy, ATcpCaseGetsATcpProxyThatConnectsToItsTarget) {
  EventLoop loop;
  Fd server = TcpListen(kLoopback);
  plan::ProxyPlan plan;
  plan.upstream_is = plan::Direction::kToStudent;
  plan.upstream.drop = {1};
  CaseProxy proxy(loop, plan, /*udp=*/false, kLoopback, LocalAddress(server.get()));
  EXPECT_EQ(proxy.udp(), nullptr);
  Fd client = TcpConnectStart(Address::Parse("127.0.0.1", proxy.port()));
  bool reached = false;
  loop.Watch(server.get(), POLLIN, [&](short) { reached = true; });
  loop.RunUntil([&] { return reached; }, Clock::now() + std::chrono::seconds(5));
  loop.Unwatch(server.get());
  EXPECT_TRUE(reached) << "the proxy never connected to the target";
}

}  // namespace
}  // namespace netgrade::proxy
