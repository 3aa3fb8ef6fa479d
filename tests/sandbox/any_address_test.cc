#include "harness/sandbox/any_address.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <fstream>
#include <sstream>

#include "harness/base/address.h"
#include "harness/sandbox/case_network.h"
#include "harness/sandbox/netns.h"

namespace netgrade::sandbox {
namespace {

// The interfaces of the main routing table's routes (/proc/net/route, as `route -n`): the
// routes that could send a packet anywhere. The local table only ever delivers here.
std::string RouteInterfaces() {
  std::ifstream in("/proc/thread-self/net/route");
  std::string line, names;
  std::getline(in, line);  // the header
  while (std::getline(in, line))
    names += (names.empty() ? "" : " ") + line.substr(0, line.find('\t'));
  return names;
}

// Connects to host:port from the calling thread's namespace and returns the address the
// listener's accepted connection is bound to: the one dialled ("" when it did not connect).
std::string DialledThrough(const Fd& listener, const std::string& host) {
  uint16_t port = LocalAddress(listener.get()).port();
  Fd client = TcpConnectStart(Address::Parse(host, port));
  pollfd p{client.get(), POLLOUT, 0};
  if (::poll(&p, 1, 5000) != 1 || ConnectError(client.get()) != 0) return "";
  pollfd l{listener.get(), POLLIN, 0};
  if (::poll(&l, 1, 5000) != 1) return "";
  Fd accepted(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  return accepted ? LocalAddress(accepted.get()).host() : "";
}

// Checked first: whatever the routes say, nothing can leave the machine when the case's
// namespaces hold no interface but loopback and the veth pair between them.
TEST(AnyAddress, NothingLeavesTheMachineOneHostOrTwo) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  {
    CaseNetwork one(true, false);
    NetNamespace::Scope in(one.student());
    EXPECT_EQ(InterfaceNames(), "lo");
    EXPECT_EQ(RouteInterfaces(), "") << "one host: no route in the main table at all";
  }
  CaseNetwork two(true, true);
  {
    NetNamespace::Scope in(two.student());
    EXPECT_EQ(InterfaceNames(), "lo ngstudent");
    EXPECT_EQ(RouteInterfaces(), "ngstudent ngstudent") << "the default route and the /24";
  }
  NetNamespace::Scope in(two.peer());
  EXPECT_EQ(InterfaceNames(), "lo ngpeer");
  EXPECT_EQ(RouteInterfaces(), "ngpeer");
}

TEST(AnyAddress, OneHostEveryAddressReachesAListenerOnAllAddresses) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  CaseNetwork net(true, false);
  NetNamespace::Scope in(net.student());
  Fd listener = TcpListen(Address::Parse(net.listen_host(), 0));
  for (const char* host : {"192.168.0.123", "10.1.2.3", "172.16.5.5", "127.0.0.1"})
    EXPECT_EQ(DialledThrough(listener, host), host);
}

TEST(AnyAddress, OneHostADatagramToAnyAddressArrivesWithTheAddressItWasSentTo) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  CaseNetwork net(true, false);
  NetNamespace::Scope in(net.student());
  Fd server = UdpBind(Address::Parse(net.listen_host(), 0));
  AskDestination(server.get());
  Address to = Address::Parse("192.168.0.123", LocalAddress(server.get()).port());
  Fd client = UdpBind(Address::Parse("0.0.0.0", 0));
  ASSERT_EQ(::sendto(client.get(), "x", 1, 0, to.sa(), to.length), 1);
  char buf[8];
  iovec iov{buf, sizeof buf};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))];
  msghdr h{};
  h.msg_iov = &iov;
  h.msg_iovlen = 1;
  h.msg_control = control;
  h.msg_controllen = sizeof control;
  pollfd p{server.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  ASSERT_EQ(::recvmsg(server.get(), &h, 0), 1);
  EXPECT_EQ(DestinationOf(h), "192.168.0.123");
}

TEST(AnyAddress, TwoHostsEveryAddressLeadsToThePeersSide) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  CaseNetwork net(true, true);
  Fd listener;
  {
    NetNamespace::Scope in(net.peer());
    listener = TcpListen(Address::Parse(net.listen_host(), 0));
  }
  NetNamespace::Scope in(net.student());
  for (const char* host : {"192.168.0.123", "10.1.2.3", "172.16.5.5"})
    EXPECT_EQ(DialledThrough(listener, host), host);
  EXPECT_EQ(DialledThrough(listener, net.peer_host()), net.peer_host());
}

}  // namespace
}  // namespace netgrade::sandbox
