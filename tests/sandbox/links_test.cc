// The link requests on two namespaces of the test's own (skipped where none can be made).
#include "harness/sandbox/links.h"

#include <gtest/gtest.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/error.h"
#include "harness/base/poll_until.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/rtnetlink.h"

namespace netgrade::sandbox::links {
namespace {

struct Pair {
  std::unique_ptr<NetNamespace> here, there;
};

std::optional<Pair> TwoNamespaces(std::string* why) {
  Pair p;
  if (!(p.here = NetNamespace::Create(why)) || !(p.there = NetNamespace::Create(why)))
    return std::nullopt;
  return p;
}

// A veth pair with the indexes asked for, an address on each end, each end knowing the
// other's link-layer address for good, and both up.
TEST(Links, AVethPairGetsItsIndexesAddressesAndNeighbours) {
  std::string why;
  std::optional<Pair> p = TwoNamespaces(&why);
  if (!p) GTEST_SKIP() << why;
  Mac here_mac, there_mac;
  {
    NetNamespace::Scope in(p->here.get());
    CreateVeth("nga", "ngb", p->there->fd(), 40);
    EXPECT_EQ(::if_nametoindex("nga"), 40u);
    AddAddress("nga", "10.9.0.1", 24);
    here_mac = HardwareAddress("nga");
  }
  {
    NetNamespace::Scope in(p->there.get());
    EXPECT_EQ(::if_nametoindex("ngb"), 41u) << "the peer's index is the next";
    AddAddress("ngb", "10.9.0.2", 24);
    there_mac = HardwareAddress("ngb");
    AddNeighbour("ngb", "10.9.0.1", here_mac);
    AddRoute({.dst = "", .prefix = 0, .ifname = "ngb", .gateway = "10.9.0.1"});
    EXPECT_TRUE(PollUntil([] { return OperationallyUp("ngb"); }, std::chrono::seconds(5),
                          std::chrono::milliseconds(1)));
  }
  EXPECT_NE(here_mac, Mac{}) << "a veth has a link-layer address";
  EXPECT_NE(here_mac, there_mac);
  NetNamespace::Scope in(p->here.get());
  EXPECT_TRUE(PollUntil([] { return OperationallyUp("nga"); }, std::chrono::seconds(5),
                        std::chrono::milliseconds(1)));
}

// An IPv4 header's checksum (RFC 1071) over its 20 bytes.
uint16_t HeaderChecksum(const uint8_t* h) {
  uint32_t sum = 0;
  for (int i = 0; i < 20; i += 2) sum += static_cast<uint32_t>(h[i] << 8 | h[i + 1]);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

// What the kernel routes into a TUN device is read from its descriptor as an IP packet, and
// a packet written into it is taken by the namespace's stack as if it had come in on it.
TEST(Links, ATunDeviceGivesThePacketsRoutedIntoItAndTakesThoseWrittenIntoIt) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  NetNamespace::Scope in(ns.get());
  Fd tun;
  try {
    tun = CreateTun("ngt");
  } catch (const SystemError& e) {
    GTEST_SKIP() << e.what();
  }
  AddAddress("ngt", "10.9.0.1", 32);
  AddRoute({.dst = "10.9.0.2", .prefix = 32, .ifname = "ngt"});
  Fd udp = UdpBind(Address::Parse("10.9.0.1", 0));
  Address far = Address::Parse("10.9.0.2", 9);
  ASSERT_EQ(::sendto(udp.get(), "hi", 2, 0, far.sa(), far.length), 2);
  // The kernel may send IPv6 neighbour discovery of its own first.
  std::vector<uint8_t> packet(2048);
  bool found = false;
  for (int i = 0; i < 50 && !found; ++i) {
    pollfd p{tun.get(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 5000), 1) << "nothing came out of the TUN device in 5 s";
    ssize_t n = ::read(tun.get(), packet.data(), packet.size());
    ASSERT_GT(n, 0);
    found = n == 30 && packet[0] == 0x45 && packet[9] == IPPROTO_UDP &&
            std::memcmp(&packet[16], "\x0a\x09\x00\x02", 4) == 0 &&
            std::memcmp(&packet[28], "hi", 2) == 0;
  }
  ASSERT_TRUE(found) << "the datagram to 10.9.0.2 never came out of the TUN device";
  // The answer, from 10.9.0.2:9 to where the datagram came from (UDP checksum 0: none).
  std::vector<uint8_t> answer(packet.begin(), packet.begin() + 30);
  std::swap_ranges(answer.begin() + 12, answer.begin() + 16, answer.begin() + 16);
  std::swap_ranges(answer.begin() + 20, answer.begin() + 22, answer.begin() + 22);
  answer[10] = answer[11] = 0;
  const uint16_t sum = HeaderChecksum(answer.data());
  answer[10] = static_cast<uint8_t>(sum >> 8);
  answer[11] = static_cast<uint8_t>(sum & 0xff);
  answer[26] = answer[27] = 0;
  std::memcpy(&answer[28], "ok", 2);
  ASSERT_EQ(::write(tun.get(), answer.data(), answer.size()), 30);
  pollfd p{udp.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1) << "the packet written into the TUN device never arrived";
  char got[4] = {};
  EXPECT_EQ(::recv(udp.get(), got, sizeof got, 0), 2);
  EXPECT_STREQ(got, "ok");
}

TEST(Links, ARequestTheKernelRefusesSaysWhatItWas) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  NetNamespace::Scope in(ns.get());
  // A gateway on no network of the namespace: the kernel refuses the route.
  try {
    AddRoute({.dst = "", .prefix = 0, .ifname = "lo", .gateway = "10.77.0.1"});
    FAIL() << "a route through a gateway on no network was accepted";
  } catch (const SystemError& e) {
    EXPECT_NE(std::string(e.what()).find("add a route"), std::string::npos) << e.what();
  }
  EXPECT_THROW(AddAddress("no-such-if", "10.9.0.1", 24), SystemError);
}

}  // namespace
}  // namespace netgrade::sandbox::links
