// The key two gradings of one seed must share: which datagram the proxy did what to (UDP), the
// plan alone where the peer resends on a timer, nothing for TCP's bytes.
#include "harness/kinds/sockets/datagram_key.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstring>

namespace netgrade::sockets {
namespace {

const Address kLoopback = Address::Parse("127.0.0.1", 0);

// A UDP proxy that drops the student's second datagram, after three have crossed it.
struct ThreeDatagrams {
  EventLoop loop;
  Fd sink = UdpBind(kLoopback);
  std::unique_ptr<proxy::CaseProxy> proxy;
  ThreeDatagrams() {
    plan::ProxyPlan plan;
    plan.upstream_is = plan::Direction::kFromStudent;
    plan.upstream.drop = {2};
    plan.seed = 7;
    proxy = std::make_unique<proxy::CaseProxy>(loop, plan, /*udp=*/true, kLoopback,
                                               LocalAddress(sink.get()));
    Fd student = UdpBind(kLoopback);
    Address to = Address::Parse("127.0.0.1", proxy->port());
    for (const char* m : {"one", "two", "three"})
      ::sendto(student.get(), m, std::strlen(m), 0, to.sa(), to.length);
    loop.RunUntil([&] { return proxy->transcript().entries().size() >= 3; },
                  Clock::now() + std::chrono::seconds(5));
  }
};

TEST(DatagramKey, NamesEachDatagramByItsPlaceAndWhatWasDoneNotItsText) {
  ThreeDatagrams d;
  spec::Case test;
  std::vector<std::string> key = DatagramKey(*d.proxy, test, "the plan");
  EXPECT_EQ(key, (std::vector<std::string>{"from #1 passed", "from #2 dropped (plan: #2)",
                                           "from #3 passed"}));
}

TEST(DatagramKey, WhereThePeerResendsOnATimerOnlyThePlanIsKept) {
  ThreeDatagrams d;
  spec::Case test;
  test.peer.resend_ms = 300;
  EXPECT_EQ(DatagramKey(*d.proxy, test, "the plan"), (std::vector<std::string>{"the plan"}));
}

TEST(DatagramKey, ATcpCaseHasNone) {
  EventLoop loop;
  Fd server = TcpListen(kLoopback);
  plan::ProxyPlan plan;
  plan.upstream_is = plan::Direction::kToStudent;
  proxy::CaseProxy proxy(loop, plan, /*udp=*/false, kLoopback, LocalAddress(server.get()));
  EXPECT_TRUE(DatagramKey(proxy, spec::Case{}, "the plan").empty());
}

}  // namespace
}  // namespace netgrade::sockets
