#include "harness/sandbox/netns.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "harness/base/address.h"
#include "harness/base/file.h"

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

}  // namespace
}  // namespace netgrade::sandbox
