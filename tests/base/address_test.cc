#include "harness/base/address.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <fstream>

#include "harness/base/error.h"

namespace netgrade {
namespace {

TEST(Address, ParsesIpv4AndIpv6LiteralsWithTheirPort) {
  Address a = Address::Parse("127.0.0.1", 5000);
  EXPECT_EQ(a.family(), AF_INET);
  EXPECT_EQ(a.port(), 5000);
  EXPECT_EQ(a.host(), "127.0.0.1");
  EXPECT_EQ(a.ToString(), "127.0.0.1:5000");
  Address b = Address::Parse("::1", 80);
  EXPECT_EQ(b.family(), AF_INET6);
  EXPECT_EQ(b.ToString(), "[::1]:80");
  b.set_port(81);
  EXPECT_EQ(b.port(), 81);
}

TEST(Address, ANameOrGarbageIsAUsageErrorNamingIt) {
  try {
    Address::Parse("localhost", 1);
    FAIL() << "a host name is not an IP address";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'localhost'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Address::Parse("300.1.1.1", 1), UsageError);
}

TEST(Address, AListenerGetsAPortAConnectionReaches) {
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  Address bound = LocalAddress(listener.get());
  ASSERT_NE(bound.port(), 0);
  Fd client = TcpConnectStart(bound);
  pollfd p{client.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1);
  EXPECT_EQ(ConnectError(client.get()), 0);
  pollfd l{listener.get(), POLLIN, 0};
  EXPECT_EQ(::poll(&l, 1, 10000), 1) << "the listener never saw the connection";
}

TEST(Address, AConnectionToAClosedPortIsRefused) {
  uint16_t port;
  {
    Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
    port = LocalAddress(listener.get()).port();
  }  // closed: nothing listens there now
  Fd client = TcpConnectStart(Address::Parse("127.0.0.1", port));
  pollfd p{client.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1);
  EXPECT_EQ(ConnectError(client.get()), ECONNREFUSED);
}

TEST(Address, SocketsAreNonBlockingAndCloseOnExec) {
  Fd u = UdpBind(Address::Parse("127.0.0.1", 0));
  EXPECT_TRUE(::fcntl(u.get(), F_GETFL) & O_NONBLOCK);
  EXPECT_TRUE(::fcntl(u.get(), F_GETFD) & FD_CLOEXEC);
  char buf[4];
  EXPECT_EQ(::recv(u.get(), buf, sizeof buf, 0), -1);
  EXPECT_EQ(errno, EAGAIN);
}

TEST(Address, APickedPortIsFreeToBind) {
  uint16_t port = PickFreePort();
  ASSERT_NE(port, 0);
  Fd listener = TcpListen(Address::Parse("0.0.0.0", port));
  EXPECT_EQ(LocalAddress(listener.get()).port(), port);
  uint16_t udp = PickFreePort(SOCK_DGRAM);
  Fd bound = UdpBind(Address::Parse("0.0.0.0", udp));
  EXPECT_EQ(LocalAddress(bound.get()).port(), udp);
}

// Below the ephemeral range, no connect() elsewhere on the machine can be handed the port
// between the pick and the program's bind (a receiver got "Address already in use" so).
TEST(Address, APickedPortIsBelowTheEphemeralRangeAndComesFromItsStart) {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  int first = 0, last = 0;
  ASSERT_TRUE(in >> first >> last);
  if (first - 20000 < 1024) GTEST_SKIP() << "no room below the ephemeral range " << first;
  uint16_t port = PickFreePort(SOCK_STREAM, 4242);
  EXPECT_GE(port, 20000);
  EXPECT_LT(port, first);
  // The same start, the same port (the seed's, in a case's own namespace), while it is free.
  EXPECT_EQ(PickFreePort(SOCK_STREAM, 4242), port);
  // Held, here by a UDP socket on loopback only (TCP is still free there): another one.
  Fd held = UdpBind(Address::Parse("127.0.0.1", port));
  uint16_t next = PickFreePort(SOCK_STREAM, 4242);
  EXPECT_NE(next, port);
  Fd listener = TcpListen(Address::Parse("0.0.0.0", next));
  EXPECT_EQ(LocalAddress(listener.get()).port(), next);
}

}  // namespace
}  // namespace netgrade
