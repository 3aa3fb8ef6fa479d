#include "harness/observe/proc_sockets.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "harness/base/address.h"

namespace netgrade::observe {
namespace {

// This process's socket bound to `port` with protocol `proto`, or nullptr.
const SocketInfo* Find(const std::vector<SocketInfo>& all, SocketProto proto, uint16_t port) {
  for (const SocketInfo& s : all)
    if (s.proto == proto && s.local_port == port) return &s;
  return nullptr;
}

TEST(ProcSockets, SeesATcpListenerAndAUdpSocketOfAProcess) {
  Fd tcp = TcpListen(Address::Parse("127.0.0.1", 0));
  Fd udp = UdpBind(Address::Parse("0.0.0.0", 0));
  uint16_t tcp_port = LocalAddress(tcp.get()).port();
  uint16_t udp_port = LocalAddress(udp.get()).port();
  std::vector<SocketInfo> all = SocketsOf({::getpid()});

  const SocketInfo* t = Find(all, SocketProto::kTcp, tcp_port);
  ASSERT_NE(t, nullptr) << "the TCP listener was not seen";
  EXPECT_EQ(t->state, 0x0A);
  EXPECT_TRUE(t->listening());
  EXPECT_EQ(t->local_address, "127.0.0.1");
  EXPECT_TRUE(t->loopback_only());
  EXPECT_FALSE(t->ipv6);
  EXPECT_EQ(t->pid, ::getpid());
  EXPECT_NE(t->inode, 0u);

  const SocketInfo* u = Find(all, SocketProto::kUdp, udp_port);
  ASSERT_NE(u, nullptr) << "the UDP socket was not seen";
  EXPECT_TRUE(u->listening()) << "bound, with no remote";
  EXPECT_EQ(u->local_address, "0.0.0.0");
  EXPECT_FALSE(u->loopback_only());
}

TEST(ProcSockets, AConnectedUdpSocketIsNotListeningAndShowsItsRemote) {
  Fd server = UdpBind(Address::Parse("127.0.0.1", 0));
  Address to = LocalAddress(server.get());
  Fd client = UdpBind(Address::Parse("127.0.0.1", 0));
  ASSERT_EQ(::connect(client.get(), to.sa(), to.length), 0);
  uint16_t client_port = LocalAddress(client.get()).port();
  std::vector<SocketInfo> all = SocketsOf({::getpid()});
  const SocketInfo* c = Find(all, SocketProto::kUdp, client_port);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->listening());
  EXPECT_EQ(c->remote_port, to.port());
  EXPECT_EQ(c->remote_address, "127.0.0.1");
}

TEST(ProcSockets, ReadsIpv6AddressesAndAClosedSocketIsGone) {
  uint16_t port;
  {
    Fd v6 = TcpListen(Address::Parse("::1", 0));
    port = LocalAddress(v6.get()).port();
    std::vector<SocketInfo> all = SocketsOf({::getpid()});
    const SocketInfo* s = Find(all, SocketProto::kTcp, port);
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->ipv6);
    EXPECT_EQ(s->local_address, "::1");
    EXPECT_TRUE(s->loopback_only());
  }
  std::vector<SocketInfo> after = SocketsOf({::getpid()});
  EXPECT_EQ(Find(after, SocketProto::kTcp, port), nullptr);
}

TEST(ProcSockets, AProcessThatDoesNotExistHasNoSockets) {
  EXPECT_TRUE(SocketsOf({}).empty());
  EXPECT_TRUE(SocketsOf({0x3fffffff}).empty());
}

TEST(ProcSockets, LoopbackOnlyIsDecidedByTheBoundAddress) {
  SocketInfo s;
  s.local_address = "127.0.1.1";
  EXPECT_TRUE(s.loopback_only());
  s.local_address = "192.0.2.2";
  EXPECT_FALSE(s.loopback_only());
  s.ipv6 = true;
  s.local_address = "::ffff:127.0.0.1";
  EXPECT_TRUE(s.loopback_only());
  s.local_address = "::";
  EXPECT_FALSE(s.loopback_only());
}

}  // namespace
}  // namespace netgrade::observe
