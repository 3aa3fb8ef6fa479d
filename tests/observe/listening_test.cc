#include "harness/observe/listening.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/base/address.h"

namespace netgrade::observe {
namespace {

SocketInfo Tcp(const std::string& address, uint16_t port, int state = 0x0A) {
  SocketInfo s;
  s.proto = SocketProto::kTcp;
  s.local_address = address;
  s.local_port = port;
  s.state = state;
  return s;
}

SocketInfo Udp(const std::string& address, uint16_t port, uint16_t remote_port = 0) {
  SocketInfo s;
  s.proto = SocketProto::kUdp;
  s.local_address = address;
  s.local_port = port;
  s.remote_port = remote_port;
  return s;
}

TEST(Listening, OnThePortWithTheSpecsProtocolOnly) {
  std::vector<SocketInfo> tcp = {Tcp("0.0.0.0", 5000)};
  EXPECT_TRUE(ListeningOn(tcp, SocketProto::kTcp, 5000));
  EXPECT_FALSE(ListeningOn(tcp, SocketProto::kTcp, 5001)) << "another port";
  EXPECT_FALSE(ListeningOn(tcp, SocketProto::kUdp, 5000)) << "another protocol";
  EXPECT_TRUE(ListeningOn({Udp("0.0.0.0", 5000)}, SocketProto::kUdp, 5000));
}

TEST(Listening, AConnectionOrAConnectedUdpSocketIsNotListening) {
  EXPECT_FALSE(ListeningOn({Tcp("127.0.0.1", 5000, 0x01)}, SocketProto::kTcp, 5000))
      << "ESTABLISHED";
  EXPECT_FALSE(ListeningOn({Udp("127.0.0.1", 5000, 6000)}, SocketProto::kUdp, 5000));
  EXPECT_FALSE(ListeningOn({}, SocketProto::kTcp, 5000));
}

TEST(Listening, ElsewhereIsAnotherPortWithTheSpecsProtocol) {
  EXPECT_EQ(ListeningElsewhere({Tcp("0.0.0.0", 12000)}, SocketProto::kTcp, 40123), 12000);
  EXPECT_EQ(ListeningElsewhere({Udp("0.0.0.0", 12000)}, SocketProto::kUdp, 40123), 12000);
  EXPECT_EQ(ListeningElsewhere({Udp("0.0.0.0", 12000)}, SocketProto::kTcp, 40123), std::nullopt)
      << "another protocol: not a port to grade it on";
  EXPECT_EQ(ListeningElsewhere({Tcp("0.0.0.0", 40123)}, SocketProto::kTcp, 40123), std::nullopt)
      << "on its port";
  EXPECT_EQ(
      ListeningElsewhere({Tcp("0.0.0.0", 12000), Udp("0.0.0.0", 40123)}, SocketProto::kTcp, 40123),
      std::nullopt)
      << "on its port in the other protocol: a wrong protocol, not a wrong port";
  EXPECT_EQ(ListeningElsewhere({Tcp("127.0.0.1", 12000, 0x01)}, SocketProto::kTcp, 40123),
            std::nullopt)
      << "a connection is not listening";
}

TEST(Listening, OnlyOnLoopbackWhenEveryListenerOnThePortIsOnLoopback) {
  EXPECT_TRUE(ListensOnlyOnLoopback({Tcp("127.0.0.1", 5000)}, 5000));
  EXPECT_FALSE(ListensOnlyOnLoopback({Tcp("127.0.0.1", 5000), Tcp("0.0.0.0", 5000)}, 5000))
      << "also on every address: reachable";
  EXPECT_FALSE(ListensOnlyOnLoopback({Tcp("0.0.0.0", 5000)}, 5000));
  EXPECT_FALSE(ListensOnlyOnLoopback({Tcp("127.0.0.1", 6000)}, 5000)) << "not on the port at all";
  EXPECT_TRUE(ListensOnlyOnLoopback({Tcp("127.0.0.1", 5000), Tcp("0.0.0.0", 6000)}, 5000))
      << "another port does not count";
}

TEST(ListenBackoff, LooksAfterOneMsThenDoublesUpToTheMostNeverPastTheDeadline) {
  TimePoint t0;  // any time: the schedule only adds to it
  auto ms = [](int n) { return std::chrono::milliseconds(n); };
  ListenBackoff next(ms(1), ms(8));
  TimePoint far = t0 + ms(1000);
  EXPECT_EQ(next.Next(t0, far), t0 + ms(1));
  EXPECT_EQ(next.Next(t0, far), t0 + ms(2));
  EXPECT_EQ(next.Next(t0, far), t0 + ms(4));
  EXPECT_EQ(next.Next(t0, far), t0 + ms(8));
  EXPECT_EQ(next.Next(t0, far), t0 + ms(8)) << "no further than the most";
  EXPECT_EQ(next.Next(t0, t0 + ms(3)), t0 + ms(3)) << "the deadline comes first";
}

uint64_t InodeOf(const Fd& fd) {
  struct stat st{};
  EXPECT_EQ(::fstat(fd.get(), &st), 0);
  return st.st_ino;
}

bool Has(const std::vector<SocketInfo>& all, const Fd& fd) {
  for (const SocketInfo& s : all)
    if (s.inode == InodeOf(fd)) return s.pid == ::getpid();
  return false;
}

TEST(ListenersOf, AProcesssTcpListenerAndBoundUdpSocketButNotItsConnection) {
  Fd tcp = TcpListen(Address::Parse("127.0.0.1", 0));
  Fd udp = UdpBind(Address::Parse("0.0.0.0", 0));
  Fd client = TcpConnectStart(LocalAddress(tcp.get()));
  pollfd p{client.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 2000), 1);
  std::vector<SocketInfo> mine = ListenersOf({::getpid()});
  EXPECT_TRUE(Has(mine, tcp)) << "the TCP listener, with this process as its holder";
  EXPECT_TRUE(Has(mine, udp));
  EXPECT_FALSE(Has(mine, client)) << "a connection is no listener";
  EXPECT_TRUE(ListeningOn(mine, SocketProto::kTcp, LocalAddress(tcp.get()).port()));
  EXPECT_TRUE(ListeningOn(mine, SocketProto::kUdp, LocalAddress(udp.get()).port()));
  EXPECT_TRUE(ListenersOf({}).empty()) << "no process: nothing is its";
}

TEST(ListenersOf, ASocketNoProcessOfTheProgramHoldsIsLeftOut) {
  Fd tcp = TcpListen(Address::Parse("127.0.0.1", 0));
  SocketInfo held = Tcp("127.0.0.1", LocalAddress(tcp.get()).port());
  held.inode = InodeOf(tcp);
  held.uid = ::geteuid();
  SocketInfo stranger = held;
  stranger.inode = held.inode + 1000000;  // no descriptor of this process names it
  std::vector<SocketInfo> kept = HeldBy({::getpid()}, {stranger, held});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].inode, held.inode);
  EXPECT_EQ(kept[0].pid, ::getpid());
  EXPECT_FALSE(kept[0].by_owner);
}

}  // namespace
}  // namespace netgrade::observe
