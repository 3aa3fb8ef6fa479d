#include "harness/kinds/icmp/router_path.h"

#include <gtest/gtest.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstring>

#include "harness/base/fd.h"
#include "harness/base/file.h"
#include "harness/kinds/icmp/packet.h"

namespace netgrade::icmp {
namespace {

uint32_t Ip(const std::string& text) {
  uint32_t a = 0;
  icmp::ParseAddress(text, &a);
  return a;
}

// From the calling thread's namespace: an echo request to `to` with `ttl`, and the first ICMP
// message that comes back other than an echo request, within 5 s (a bound on failure).
std::optional<icmp::Packet> Probe(const std::string& to, int ttl) {
  Fd s(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP));
  EXPECT_TRUE(s) << "raw socket: " << std::strerror(errno);
  if (!s) return std::nullopt;
  ::setsockopt(s.get(), IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);
  std::string message = icmp::Build(0, 0, 0, icmp::kEchoRequest, 0, 0x4242, 7, "probe").substr(20);
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_addr.s_addr = htonl(Ip(to));
  EXPECT_EQ(::sendto(s.get(), message.data(), message.size(), 0, reinterpret_cast<sockaddr*>(&dst),
                     sizeof dst),
            static_cast<ssize_t>(message.size()));
  for (;;) {
    pollfd p{s.get(), POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1) return std::nullopt;
    char buf[1500];
    ssize_t n = ::recv(s.get(), buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    std::optional<icmp::Packet> got = icmp::Parse(std::string_view(buf, static_cast<size_t>(n)));
    if (got && got->icmp && got->icmp->type != icmp::kEchoRequest) return got;
  }
}

TEST(RouterPathLayout, TakesOneToEightDistinctHostAddresses) {
  PathLayout ok;
  EXPECT_EQ(CheckLayout(ok), "");
  PathLayout none = ok;
  none.routers.clear();
  EXPECT_EQ(CheckLayout(none), "a path has 1 to 8 routers, not 0");
  PathLayout nine = ok;
  nine.routers.assign(9, "10.0.1.1");
  EXPECT_EQ(CheckLayout(nine), "a path has 1 to 8 routers, not 9");
  PathLayout twice = ok;
  twice.routers = {"10.0.1.1", "10.0.1.1"};
  EXPECT_EQ(CheckLayout(twice), "the address 10.0.1.1 is given twice");
  PathLayout bad = ok;
  bad.destination = "example.com";
  EXPECT_EQ(CheckLayout(bad), "'example.com' is no IPv4 address");
  bad.destination = "127.0.0.1";
  EXPECT_NE(CheckLayout(bad).find("loopback"), std::string::npos);
}

// Probes from the first router's namespace (the wire, which would carry the student's, is not
// running here): the kernel's own answers along the path.
TEST(RouterPath, RoutersForwardAndAnswerTimeExceededWithTheirOwnAddress) {
  PathLayout layout;
  layout.routers = {"10.0.1.1", "172.16.5.9", "10.77.0.1"};
  layout.destination = "203.0.113.9";
  std::string why;
  std::unique_ptr<RouterPath> path = RouterPath::Create(layout, &why);
  if (!path) GTEST_SKIP() << why;
  NetNamespace::Scope in(&path->router(0));
  std::optional<icmp::Packet> at2 = Probe("203.0.113.9", 1);
  ASSERT_TRUE(at2);
  EXPECT_EQ(at2->icmp->type, icmp::kTimeExceeded);
  EXPECT_EQ(icmp::AddressText(at2->source), "172.16.5.9");
  ASSERT_TRUE(at2->quoted);
  EXPECT_EQ(at2->quoted->identifier, 0x4242);
  std::optional<icmp::Packet> at3 = Probe("203.0.113.9", 2);
  ASSERT_TRUE(at3);
  EXPECT_EQ(icmp::AddressText(at3->source), "10.77.0.1");
  std::optional<icmp::Packet> end = Probe("203.0.113.9", 64);
  ASSERT_TRUE(end);
  EXPECT_EQ(end->icmp->type, icmp::kEchoReply);
  EXPECT_EQ(icmp::AddressText(end->source), "203.0.113.9");
}

TEST(RouterPath, AnUnreachableDestinationGetsTheLastRoutersType3) {
  PathLayout layout;
  layout.routers = {"10.0.1.1", "10.0.2.1"};
  layout.unreachable = true;
  std::string why;
  std::unique_ptr<RouterPath> path = RouterPath::Create(layout, &why);
  if (!path) GTEST_SKIP() << why;
  NetNamespace::Scope in(&path->router(0));
  std::optional<icmp::Packet> got = Probe(layout.destination, 64);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->icmp->type, icmp::kUnreachable);
  EXPECT_EQ(got->icmp->code, 1) << "host unreachable";
  EXPECT_EQ(icmp::AddressText(got->source), "10.0.2.1");
}

// A traceroute's probes, a pinger's requests one right after another: each error is answered.
// (The kernel's default answers 6 at once, then one a second. With icmp_ratelimit 0 instead of
// no type in icmp_ratemask, a clock tick between a route's own limiter and icmp_send()'s, as
// under load, emptied the tokens they share: every second unreachable went missing.)
TEST(RouterPath, IcmpErrorsInARowAreEachAnswered) {
  PathLayout layout;
  layout.routers = {"10.0.1.1", "10.0.2.1", "10.0.3.1"};
  layout.unreachable = true;
  std::string why;
  std::unique_ptr<RouterPath> path = RouterPath::Create(layout, &why);
  if (!path) GTEST_SKIP() << why;
  NetNamespace::Scope in(&path->router(0));
  for (int i = 0; i < 50; ++i) {  // the second router's
    std::optional<icmp::Packet> got = Probe(layout.destination, 1);
    ASSERT_TRUE(got) << "time exceeded " << i + 1 << " of 50 never came";
    EXPECT_EQ(got->icmp->type, icmp::kTimeExceeded);
  }
  // A route's unreachable has a limiter of its own, for the machine (5 at once, then one a
  // second: net.ipv4.route.error_burst and error_cost): a pinger's 4 requests fit.
  for (int i = 0; i < 5; ++i) {
    std::optional<icmp::Packet> got = Probe(layout.destination, 64);
    ASSERT_TRUE(got) << "unreachable " << i + 1 << " of 5 never came";
    EXPECT_EQ(got->icmp->type, icmp::kUnreachable);
  }
}

TEST(RouterPath, TheStudentsHostOpensPingSocketsToEveryGroupAndHasOnlyTheWire) {
  std::string why;
  std::unique_ptr<RouterPath> path = RouterPath::Create(PathLayout{}, &why);
  if (!path) GTEST_SKIP() << why;
  NetNamespace::Scope in(&path->student());
  std::string range = ReadFile("/proc/sys/net/ipv4/ping_group_range").value_or("");
  EXPECT_EQ(range, "0\t2147483647\n");
  EXPECT_NE(path->student_mac(), path->router_mac());
  EXPECT_EQ(::if_nametoindex("ngwire"), 20u) << "not the index of its peer in the wire";
}

}  // namespace
}  // namespace netgrade::icmp
