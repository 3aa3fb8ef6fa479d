// What a TCP or UDP case watches of where its program sends: the lab's protocol decides which
// watches are made (this test's process plays the program, on the shared loopback, where a
// send is the program's by its socket). The watches themselves: tests/observe/.
#include "harness/kinds/sockets/sends_watch.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/base/fd.h"
#include "tests/support/freed_port.h"

namespace netgrade::sockets {
namespace {

using testing_support::FreedPort;

SendsWatch::Setup Lab(EventLoop& loop, bool datagrams) {
  SendsWatch::Setup s;
  s.loop = &loop;
  s.datagrams = datagrams;
  s.own_namespace = false;
  s.stall_after = std::chrono::milliseconds(500);
  s.pids = [] { return std::vector<pid_t>{::getpid()}; };
  s.live_pid = [] { return ::getpid(); };
  return s;
}

// Sends "x" from a socket of this process to `port` on loopback, until the watch has seen
// it (a datagram may meet a refusal another test's socket caused first).
bool SentToClosedPort(EventLoop& loop, SendsWatch& w, uint16_t port) {
  Fd program(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::sendto(program.get(), "x", 1, 0, reinterpret_cast<sockaddr*>(&to), sizeof to), 1);
  return loop.RunUntil([&] { return w.strayed(); }, Clock::now() + std::chrono::seconds(2));
}

// In a UDP lab, a client's datagram to a port where nothing listens is in the lab's protocol;
// and a client with no proxy has its losses to a closed port watched for a stall.
TEST(SendsWatch, AUdpLabsClientDatagramElsewhereIsInItsProtocolAndItsLossesAreWatched) {
  EventLoop loop;
  SendsWatch w(Lab(loop, true));
  w.WatchClient(FreedPort(SOCK_DGRAM), FreedPort(SOCK_DGRAM), nullptr, [] { return size_t{0}; });
  if (w.stall() == nullptr) GTEST_SKIP() << "no CAP_NET_RAW here: nothing is watched";
  EXPECT_FALSE(w.sends_visible()) << "on a shared loopback a send is told by its socket only";
  ASSERT_TRUE(SentToClosedPort(loop, w, FreedPort(SOCK_DGRAM)));
  EXPECT_TRUE(w.strayed_in_protocol());
  ASSERT_FALSE(w.seen().empty());
}

// In a TCP lab the same datagram is the other protocol's (a UDP client written for the other
// exercise): seen, but not as the lab's; and no stall is watched (a TCP client loses nothing).
TEST(SendsWatch, ATcpLabsClientDatagramIsTheOtherProtocolsAndNoStallIsWatched) {
  EventLoop loop;
  SendsWatch w(Lab(loop, false));
  w.WatchClient(FreedPort(SOCK_STREAM), FreedPort(SOCK_STREAM), nullptr, [] { return size_t{0}; });
  EXPECT_EQ(w.stall(), nullptr);
  Fd probe(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP));
  if (!probe) GTEST_SKIP() << "no CAP_NET_RAW here: nothing is watched";
  ASSERT_TRUE(SentToClosedPort(loop, w, FreedPort(SOCK_DGRAM)));
  EXPECT_FALSE(w.strayed_in_protocol());
  ASSERT_FALSE(w.seen().empty());
  EXPECT_EQ(w.seen()[0].proto, observe::SocketProto::kUdp);
}

// A listening program's case: a TCP one is watched only where the case has a server of its
// own (its port is given back for the judge); a UDP server's answers elsewhere always are.
TEST(SendsWatch, AServersSendsAreWatchedByItsLabsProtocol) {
  EventLoop loop;
  SendsWatch tcp(Lab(loop, false));
  EXPECT_EQ(tcp.WatchServer(FreedPort(SOCK_STREAM), 0), 0);
  EXPECT_FALSE(tcp.strayed());
  SendsWatch middle(Lab(loop, false));
  EXPECT_EQ(middle.WatchServer(FreedPort(SOCK_STREAM), 8080), 8080);
  SendsWatch udp(Lab(loop, true));
  EXPECT_EQ(udp.WatchServer(FreedPort(SOCK_DGRAM), 8080), 0)
      << "a UDP server has no own server's connections to watch";
  EXPECT_EQ(udp.stall(), nullptr) << "a server's losses are not a client's stall";
}

}  // namespace
}  // namespace netgrade::sockets
