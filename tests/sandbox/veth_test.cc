#include "harness/sandbox/veth.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include "harness/base/address.h"
#include "harness/base/file.h"
#include "harness/sandbox/netns.h"

namespace netgrade::sandbox {
namespace {

// A UDP connect() sends nothing; it only asks the routing table.
int RouteError(const char* host) {
  Address to = Address::Parse(host, 9);
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  return ::connect(s.get(), to.sa(), to.length) == 0 ? 0 : errno;
}

// The outcome of a TCP connect to host:port from the calling thread's namespace.
int ConnectOutcome(const std::string& host, uint16_t port) {
  Fd client = TcpConnectStart(Address::Parse(host, port));
  pollfd p{client.get(), POLLOUT, 0};
  if (::poll(&p, 1, 5000) != 1) return ETIMEDOUT;
  return ConnectError(client.get());
}

TEST(Veth, JoinsTwoHostsThatReachEachOtherButNotBeyond) {
  std::string why;
  auto peer = NetNamespace::Create(&why);
  auto student = NetNamespace::Create(&why);
  if (!peer || !student) GTEST_SKIP() << why;
  TwoHosts hosts = JoinWithVeth(*peer, *student);
  Fd listener;
  {
    NetNamespace::Scope in(student.get());
    listener = TcpListen(Address::Parse("0.0.0.0", 0));
    EXPECT_EQ(RouteError("198.51.100.7"), ENETUNREACH);
  }
  uint16_t port = LocalAddress(listener.get()).port();
  NetNamespace::Scope in(peer.get());
  Fd client = TcpConnectStart(Address::Parse(hosts.student_address, port));
  pollfd p{client.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  EXPECT_EQ(ConnectError(client.get()), 0);
}
// Each side knows the other's link-layer address before anything is sent (a permanent entry,
// flags 0x6 in /proc/net/arp): a first datagram never waits for an ARP answer, where nothing
// that decides when a case has settled can see it.
TEST(Veth, EachSideKnowsTheOthersLinkAddressForGood) {
  std::string why;
  auto peer = NetNamespace::Create(&why);
  auto student = NetNamespace::Create(&why);
  if (!peer || !student) GTEST_SKIP() << why;
  TwoHosts hosts = JoinWithVeth(*peer, *student);
  auto arp_line = [](const NetNamespace* ns, const std::string& address) {
    NetNamespace::Scope in(ns);
    std::string table = ReadFile("/proc/thread-self/net/arp").value_or("");
    size_t at = table.find(address + " ");
    return at == std::string::npos ? std::string() : table.substr(at, table.find('\n', at) - at);
  };
  std::string to_peer = arp_line(student.get(), hosts.peer_address);
  std::string to_student = arp_line(peer.get(), hosts.student_address);
  EXPECT_NE(to_peer.find(" 0x6 "), std::string::npos) << "student's table: " << to_peer;
  EXPECT_NE(to_student.find(" 0x6 "), std::string::npos) << "peer's table: " << to_student;
}

TEST(Veth, AProgramListeningOnlyOnLoopbackIsOutOfThePeersReach) {
  std::string why;
  auto peer = NetNamespace::Create(&why);
  auto student = NetNamespace::Create(&why);
  if (!peer || !student) GTEST_SKIP() << why;
  TwoHosts hosts = JoinWithVeth(*peer, *student);
  EXPECT_NE(hosts.peer_address, hosts.student_address);
  Fd on_loopback, on_all;
  {
    NetNamespace::Scope in(student.get());
    on_loopback = TcpListen(Address::Parse("127.0.0.1", 0));
    on_all = TcpListen(Address::Parse("0.0.0.0", 0));
    EXPECT_EQ(RouteError(hosts.peer_address.c_str()), 0) << "the student reaches the peer";
  }
  NetNamespace::Scope in(peer.get());
  EXPECT_EQ(ConnectOutcome(hosts.student_address, LocalAddress(on_all.get()).port()), 0);
  EXPECT_EQ(ConnectOutcome(hosts.student_address, LocalAddress(on_loopback.get()).port()),
            ECONNREFUSED);
  EXPECT_EQ(RouteError("198.51.100.7"), ENETUNREACH) << "nor does the peer reach beyond";
}

}  // namespace
}  // namespace netgrade::sandbox
