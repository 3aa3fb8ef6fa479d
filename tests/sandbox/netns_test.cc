#include "harness/sandbox/netns.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "harness/base/address.h"
#include "harness/base/file.h"
#include "tests/support/first_thread_net.h"

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

// /proc/sys/net/ipv4/tcp_ehash_entries of the calling thread's namespace: negative when it
// shares the machine's table (Linux 6.1 and later; nullopt before).
std::optional<long> TcpHashEntries() {
  std::optional<std::string> text = ReadFile("/proc/sys/net/ipv4/tcp_ehash_entries");
  if (!text) return std::nullopt;
  return std::atol(text->c_str());
}

TEST(NetNamespace, ACaseNamespaceHasATcpTableOfItsOwnWhereTheKernelAllows) {
  if (::access("/proc/sys/net/ipv4/tcp_child_ehash_entries", W_OK) != 0)
    GTEST_SKIP() << "no tcp_child_ehash_entries to set here";
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  std::optional<long> machine = TcpHashEntries();
  NetNamespace::Scope inside(ns.get());
  std::optional<long> own = TcpHashEntries();
  ASSERT_TRUE(own.has_value());
  EXPECT_GT(*own, 0) << "the case's namespace shares the machine's table of connections";
  EXPECT_LE(*own, 1024) << "the machine has " << machine.value_or(0);
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

// Work that enters a case's namespace, asked of the process's first thread, runs on a thread of
// its own: the first thread's network, which /proc/net shows every reader, stays the grader's
// all along. Asked of another thread, it runs there.
TEST(OffTheFirstThread, TheFirstThreadsNetworkStaysTheGradersWhileTheWorkIsInACases) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  ASSERT_EQ(::gettid(), ::getpid()) << "the test runs on the process's first thread";
  testing_support::FirstThreadNetWatch watch;
  std::string inside, first_meanwhile;
  pid_t worker = 0;
  OffTheFirstThread([&] {
    worker = ::gettid();
    NetNamespace::Scope in(ns.get());
    inside = testing_support::NetNamespaceOf("/proc/thread-self/ns/net");
    first_meanwhile = testing_support::NetNamespaceOf("/proc/self/ns/net");
  });
  EXPECT_EQ(watch.Stop(), 0);
  EXPECT_NE(worker, ::getpid());
  EXPECT_NE(inside, watch.own()) << "the work was not in the case's namespace";
  EXPECT_EQ(first_meanwhile, watch.own()) << "/proc/net showed the case's network";
  EXPECT_EQ(testing_support::NetNamespaceOf("/proc/thread-self/ns/net"), watch.own());

  pid_t caller = 0, ran_on = 0;
  std::thread other([&] {
    caller = ::gettid();
    OffTheFirstThread([&] { ran_on = ::gettid(); });
  });
  other.join();
  EXPECT_EQ(ran_on, caller) << "off the first thread already: run where it was asked";
}

TEST(OffTheFirstThread, WhatTheWorkThrowsIsThrownToTheCaller) {
  EXPECT_THROW(OffTheFirstThread([] { throw std::runtime_error("the case failed"); }),
               std::runtime_error);
  std::exception_ptr seen;
  std::thread other([&] {
    try {
      OffTheFirstThread([] { throw std::logic_error("on another thread"); });
    } catch (...) {
      seen = std::current_exception();
    }
  });
  other.join();
  EXPECT_TRUE(seen != nullptr);
}

}  // namespace
}  // namespace netgrade::sandbox
