// Whether a packet is on its way between a case's two hosts: the peer's namespace's IPv4
// packets sent, against the student's received.
#include "harness/sandbox/between_hosts.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <thread>

#include "harness/base/address.h"

namespace netgrade::sandbox {
namespace {

constexpr char kSnmp[] =
    "Ip: Forwarding DefaultTTL InReceives InHdrErrors OutRequests\n"
    "Ip: 2 64 1234 0 987\n"
    "Icmp: InMsgs OutRequests\n"
    "Icmp: 5 77\n";

TEST(BetweenHosts, ReadsTheIpCountersByName) {
  EXPECT_EQ(IpCounter(kSnmp, "InReceives"), 1234u);
  EXPECT_EQ(IpCounter(kSnmp, "OutRequests"), 987u) << "the Ip line's, not Icmp's";
  EXPECT_EQ(IpCounter(kSnmp, "NoSuchField"), std::nullopt);
  EXPECT_EQ(IpCounter("Tcp: A\nTcp: 1\n", "InReceives"), std::nullopt);
}

// Counted from the start: a packet sent and not received is on its way until received, or
// until the counters have not moved for kGivenUpAfter (dropped: never awaited again).
TEST(BetweenHosts, APacketSentIsPendingUntilReceivedOrGivenUp) {
  const TimePoint t0 = Clock::now();
  BetweenHosts b;
  b.Start({.sent = 100, .received = 40}, t0);
  EXPECT_FALSE(b.Pending({.sent = 100, .received = 40}, t0));
  EXPECT_TRUE(b.Pending({.sent = 101, .received = 40}, t0 + std::chrono::milliseconds(1)));
  EXPECT_FALSE(b.Pending({.sent = 101, .received = 41}, t0 + std::chrono::milliseconds(2)));
  // The student's own loopback traffic counts as received too: it hides, never invents.
  EXPECT_FALSE(b.Pending({.sent = 101, .received = 45}, t0 + std::chrono::milliseconds(3)));
  EXPECT_TRUE(b.Pending({.sent = 107, .received = 45}, t0 + std::chrono::milliseconds(4)));
  const TimePoint later = t0 + std::chrono::milliseconds(4) + BetweenHosts::kGivenUpAfter;
  EXPECT_TRUE(b.Pending({.sent = 107, .received = 45}, later - std::chrono::milliseconds(1)));
  EXPECT_FALSE(b.Pending({.sent = 107, .received = 45}, later)) << "lost: given up";
  EXPECT_FALSE(b.Pending({.sent = 107, .received = 45}, later + std::chrono::milliseconds(1)));
  EXPECT_TRUE(b.Pending({.sent = 108, .received = 45}, later + std::chrono::milliseconds(2)))
      << "the next one is awaited again";
}

TEST(BetweenHosts, OneHostHasNothingBetween) {
  CaseNetwork one(true, false);
  EXPECT_EQ(BetweenHosts::Open(one), nullptr);
  CaseNetwork none(false, true);
  EXPECT_EQ(BetweenHosts::Open(none), nullptr);
}

// In two real namespaces: a datagram the student's namespace received is not pending; one
// sent to an address on the link that no one answers for (it waits for an ARP answer that
// never comes) is pending, and is given up after kGivenUpAfter.
TEST(BetweenHosts, SeesADatagramOnItsWayBetweenTwoNamespaces) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  CaseNetwork net(true, true);
  ASSERT_NE(net.peer(), nullptr);
  std::unique_ptr<BetweenHosts> between = BetweenHosts::Open(net);
  ASSERT_NE(between, nullptr);
  EXPECT_FALSE(between->Pending(Clock::now()));
  Fd receiver;
  {
    NetNamespace::Scope in(net.student());
    receiver = UdpBind(Address::Parse(net.student_host(), 0));
  }
  const uint16_t port = LocalAddress(receiver.get()).port();
  Fd sender;
  {
    NetNamespace::Scope in(net.peer());
    sender = UdpBind(Address::Parse(net.peer_host(), 0));
  }
  const Address to = Address::Parse(net.student_host(), port);
  ASSERT_EQ(::sendto(sender.get(), "hi", 2, 0, to.sa(), to.length), 2);
  pollfd p{receiver.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  EXPECT_FALSE(between->Pending(Clock::now())) << "received";
  // An address of the link's /24 that neither namespace has.
  std::string nobody = net.student_host();
  nobody = nobody.substr(0, nobody.rfind('.') + 1) + "213";
  ASSERT_NE(nobody, net.peer_host());
  const Address lost = Address::Parse(nobody, port);
  ASSERT_EQ(::sendto(sender.get(), "hi", 2, 0, lost.sa(), lost.length), 2);
  const TimePoint sent = Clock::now();
  EXPECT_TRUE(between->Pending(sent)) << "waiting for an ARP answer";
  EXPECT_FALSE(between->Pending(sent + BetweenHosts::kGivenUpAfter + std::chrono::milliseconds(1)))
      << "given up";
}

}  // namespace
}  // namespace netgrade::sandbox
