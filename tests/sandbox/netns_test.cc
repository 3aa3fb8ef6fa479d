#include "harness/sandbox/netns.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include "harness/base/address.h"

namespace netgrade::sandbox {
namespace {

// A UDP connect() sends nothing; it only asks the routing table.
int RouteError(const char* host) {
  Address to = Address::Parse(host, 9);
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  return ::connect(s.get(), to.sa(), to.length) == 0 ? 0 : errno;
}

TEST(NetNamespace, HasLoopbackUpAndNoRouteElsewhere) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  NetNamespace::Scope inside(ns.get());
  EXPECT_EQ(RouteError("127.0.0.1"), 0);
  EXPECT_EQ(RouteError("198.51.100.7"), ENETUNREACH);
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  uint16_t port = LocalAddress(listener.get()).port();
  Fd client = TcpConnectStart(Address::Parse("127.0.0.1", port));
  pollfd p{client.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  EXPECT_EQ(ConnectError(client.get()), 0);
}

TEST(NetNamespace, TwoNamespacesDoNotShareAPort) {
  std::string why;
  auto a = NetNamespace::Create(&why);
  auto b = NetNamespace::Create(&why);
  if (!a || !b) GTEST_SKIP() << why;
  Fd la, lb;
  {
    NetNamespace::Scope in(a.get());
    la = TcpListen(Address::Parse("0.0.0.0", 12000));
  }
  {
    NetNamespace::Scope in(b.get());
    lb = TcpListen(Address::Parse("0.0.0.0", 12000));  // would be EADDRINUSE in one namespace
  }
  EXPECT_TRUE(la.valid() && lb.valid());
}

}  // namespace
}  // namespace netgrade::sandbox
