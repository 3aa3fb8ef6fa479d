#include "harness/sandbox/netns_pool.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/file.h"
#include "harness/base/poll_until.h"
#include "harness/base/proc.h"
#include "tests/support/loopback_connection.h"

namespace netgrade::sandbox {
namespace {

ino_t Identity(const NetNamespace& ns) {
  struct stat st{};
  EXPECT_EQ(::fstat(ns.fd(), &st), 0);
  return st.st_ino;
}

std::string SockStat(const NetNamespace& ns) {
  NetNamespace::Scope in(&ns);
  return ReadFile("/proc/thread-self/net/sockstat").value_or("");
}

// A connection over loopback in `ns` that the client closes first: the client's end waits
// in TIME_WAIT once both have closed.
void LeaveTimeWait(const NetNamespace& ns) {
  NetNamespace::Scope in(&ns);
  auto [client, server] = testing_support::ConnectOverLoopback();
  client.Reset();  // FIN from the client
  char byte;
  ASSERT_EQ(::read(server.get(), &byte, 1), 0);  // seen by the server
  server.Reset();  // FIN back: the client's end enters TIME_WAIT once it has it
}

TEST(NetnsPool, ANamespaceLeftWithTimeWaitIsGivenToTheNextCaseWithoutIt) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  std::string why;
  std::unique_ptr<NetNamespace> ns = TakeOneHostNamespace(&why);
  ASSERT_NE(ns, nullptr) << why;
  ino_t first = Identity(*ns);
  LeaveTimeWait(*ns);
  // The client's end reaches TIME_WAIT when the server's FIN arrives (on loopback, at once
  // unless the kernel defers it to ksoftirqd): observed in the namespace's own counts.
  PollUntil([&] { return SockStat(*ns).find(" tw 1 ") != std::string::npos; },
            std::chrono::seconds(5), std::chrono::milliseconds(1));
  ASSERT_NE(SockStat(*ns).find(" tw 1 "), std::string::npos) << SockStat(*ns);
  GiveBackOneHostNamespace(std::move(ns));
  std::unique_ptr<NetNamespace> again = TakeOneHostNamespace(&why);
  ASSERT_NE(again, nullptr) << why;
  EXPECT_EQ(Identity(*again), first) << "the namespace was not kept";
  EXPECT_NE(SockStat(*again).find(" tw 0 "), std::string::npos) << SockStat(*again);
  NetNamespace::Scope in(again.get());
  EXPECT_TRUE(ReadProcNet("/proc/thread-self/net/tcp").empty());
}

TEST(NetnsPool, ANamespaceThatStillHoldsASocketIsNotGivenToAnotherCase) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  std::string why;
  std::unique_ptr<NetNamespace> ns = TakeOneHostNamespace(&why);
  ASSERT_NE(ns, nullptr) << why;
  ino_t first = Identity(*ns);
  Fd held;
  {
    NetNamespace::Scope in(ns.get());
    held = UdpBind(Address::Parse("127.0.0.1", 0));
  }
  EXPECT_FALSE(HoldsNoSocket(*ns));
  GiveBackOneHostNamespace(std::move(ns));
  std::unique_ptr<NetNamespace> next = TakeOneHostNamespace(&why);
  ASSERT_NE(next, nullptr) << why;
  EXPECT_NE(Identity(*next), first) << "a namespace holding a socket went to the next case";
  EXPECT_TRUE(HoldsNoSocket(*next));
}

TEST(NetnsPool, AKeptNamespaceStillLeadsEveryAddressToItself) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  std::string why;
  std::unique_ptr<NetNamespace> ns = TakeOneHostNamespace(&why);
  ASSERT_NE(ns, nullptr) << why;
  GiveBackOneHostNamespace(std::move(ns));
  ns = TakeOneHostNamespace(&why);
  ASSERT_NE(ns, nullptr) << why;
  NetNamespace::Scope in(ns.get());
  Fd listener = TcpListen(Address::Parse("0.0.0.0", 0));
  Fd client = TcpConnectStart(Address::Parse("10.9.8.7", LocalAddress(listener.get()).port()));
  pollfd p{client.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  EXPECT_EQ(ConnectError(client.get()), 0);
}

// Spares are made until the pool holds the count asked for, and no more; each is a one-host
// case's namespace of its own (every address leads to itself), taken without another made.
TEST(NetnsPool, SparesAreKeptUntilThePoolHoldsTheCountAskedFor) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  std::string why;
  std::vector<std::unique_ptr<NetNamespace>> held;  // the pool emptied first
  while (KeptNamespaces() > 0) held.push_back(TakeOneHostNamespace(&why));
  KeepSpareNamespaces(2);
  EXPECT_EQ(KeptNamespaces(), 2u);
  KeepSpareNamespaces(2);
  EXPECT_EQ(KeptNamespaces(), 2u) << "more made than asked for";
  std::unique_ptr<NetNamespace> a = TakeOneHostNamespace(&why);
  std::unique_ptr<NetNamespace> b = TakeOneHostNamespace(&why);
  ASSERT_NE(a, nullptr) << why;
  ASSERT_NE(b, nullptr) << why;
  EXPECT_EQ(KeptNamespaces(), 0u);
  EXPECT_NE(Identity(*a), Identity(*b));
  NetNamespace::Scope in(b.get());
  Fd listener = TcpListen(Address::Parse("0.0.0.0", 0));
  Fd client = TcpConnectStart(Address::Parse("10.9.8.7", LocalAddress(listener.get()).port()));
  pollfd p{client.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  EXPECT_EQ(ConnectError(client.get()), 0);
}

}  // namespace
}  // namespace netgrade::sandbox
