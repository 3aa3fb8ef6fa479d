#include "harness/sandbox/case_network.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "harness/base/address.h"

namespace netgrade::sandbox {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CaseNetwork, WithoutIsolationIsTheGradersLoopbackAndHasNoHostsFile) {
  CaseNetwork net(/*isolate=*/false, /*two_hosts=*/true);
  EXPECT_FALSE(net.isolated());
  EXPECT_EQ(net.student(), nullptr);
  EXPECT_EQ(net.peer(), nullptr);
  EXPECT_EQ(net.peer_host(), "127.0.0.1");
  EXPECT_EQ(net.student_host(), "127.0.0.1");
  EXPECT_EQ(net.HostsFile(), "");
}

TEST(CaseNetwork, OneHostSharesTheStudentsNamespaceOverLoopback) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  CaseNetwork net(true, false);
  ASSERT_TRUE(net.isolated());
  EXPECT_EQ(net.peer(), nullptr) << "the peer shares the student's namespace";
  EXPECT_EQ(net.peer_host(), "127.0.0.1");
}

TEST(CaseNetwork, TheHostsFileNamesThePeerAndGoesAwayWithTheNetwork) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  std::string path;
  {
    CaseNetwork net(true, true);
    path = net.HostsFile();
    ASSERT_FALSE(path.empty());
    EXPECT_EQ(net.HostsFile(), path) << "written once";
    std::string hosts = Read(path);
    EXPECT_NE(hosts.find(net.peer_host() + " hostname servername"), std::string::npos) << hosts;
    EXPECT_NE(hosts.find(net.student_host() + " netgrade-student"), std::string::npos) << hosts;
  }
  EXPECT_NE(::access(path.c_str(), F_OK), 0) << path << " is left behind";
}

TEST(CaseNetwork, EveryCaseSharesOneResolvConfThatOutlivesEachNetwork) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  std::string first;
  {
    CaseNetwork net(true, false);
    first = net.ResolvConf();
    ASSERT_FALSE(first.empty());
    EXPECT_NE(Read(first).find("nameserver 127.0.0.1"), std::string::npos) << Read(first);
  }
  CaseNetwork next(true, false);
  EXPECT_EQ(next.ResolvConf(), first) << "written again for another case";
  EXPECT_EQ(::access(first.c_str(), R_OK), 0) << "removed with the first case's network";
  EXPECT_EQ(CaseNetwork(false, false).ResolvConf(), "") << "a case without a namespace has none";
}

TEST(CaseNetwork, TwoHostsReachEachOtherOnlyAtTheirOwnAddresses) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  CaseNetwork net(true, true);
  ASSERT_NE(net.peer(), nullptr);
  ASSERT_NE(net.peer_host(), net.student_host());
  Fd listener;
  {
    NetNamespace::Scope in(net.student());
    listener = TcpListen(Address::Parse(net.student_host(), 0));
  }
  uint16_t port = LocalAddress(listener.get()).port();
  NetNamespace::Scope in(net.peer());
  Fd client = TcpConnectStart(Address::Parse(net.student_host(), port));
  pollfd p{client.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  EXPECT_EQ(ConnectError(client.get()), 0);
}

}  // namespace
}  // namespace netgrade::sandbox
