#include "harness/kinds/icmp/layout.h"

#include <gtest/gtest.h>

namespace netgrade::icmp {
namespace {

TEST(IcmpLayout, DrawsDistinctAddressesFromTheSeedTheSameEveryRun) {
  spec::IcmpPath p;
  p.routers = 4;
  icmp::PathLayout a = IcmpLayout(p, 7), b = IcmpLayout(p, 7), c = IcmpLayout(p, 8);
  EXPECT_EQ(a.routers, b.routers);
  EXPECT_EQ(a.destination, b.destination);
  ASSERT_EQ(a.routers.size(), 4u);
  EXPECT_EQ(icmp::CheckLayout(a), "") << "distinct host addresses";
  EXPECT_TRUE(a.routers != c.routers || a.destination != c.destination) << "another seed";
  EXPECT_EQ(a.destination.rfind("203.0.113.", 0), 0u);
}

TEST(IcmpLayout, TakesGivenAddresses) {
  spec::IcmpPath p;
  p.addresses = {"10.9.0.1", "10.9.1.1"};
  p.routers = 2;
  p.destination = "192.0.2.77";
  p.unreachable = true;
  icmp::PathLayout l = IcmpLayout(p, 1);
  EXPECT_EQ(l.routers, p.addresses);
  EXPECT_EQ(l.destination, "192.0.2.77");
  EXPECT_TRUE(l.unreachable);
  EXPECT_EQ(HopNumbers(l), (std::vector<uint32_t>{0x0a090001, 0x0a090101}));
}

TEST(IcmpLayout, TheFaultsAsTheWiresPlanTakesThem) {
  spec::IcmpPath p;
  p.routers = 2;
  p.lose = {2};
  p.late = {3};
  p.silent = {1};
  p.delay_ms = 10;
  p.jitter_ms = 5;
  p.hop_loss = 0.25;
  icmp::IcmpFaults f = IcmpFaultsOf(p);
  EXPECT_EQ(f.lost, std::set<unsigned>{2});
  EXPECT_EQ(f.late, std::set<unsigned>{3});
  EXPECT_EQ(f.silent_hops, std::set<size_t>{1});
  EXPECT_EQ(f.delay_min_ms, 10);
  EXPECT_EQ(f.delay_max_ms, 15);
  EXPECT_EQ(f.hop_loss.size(), 2u);
  icmp::IcmpPlan plan(f, {}, 1);
  EXPECT_EQ(DescribeIcmpPath(p, IcmpLayout(p, 1), plan).find("2 routers ("), 0u);
  EXPECT_NE(DescribeIcmpPath(p, IcmpLayout(p, 1), plan).find("answers delayed 10-15 ms"),
            std::string::npos);
}

TEST(IcmpLayout, NamesPacketsAndWhatTheWireDidForTheReport) {
  // Its identifier and sequence number as the program wrote them, in network byte order.
  std::string request = icmp::Build(0x0a000002, 0xcb007109, 64, icmp::kEchoRequest, 0,
                                    icmp::Swap16(0x1234), icmp::Swap16(1), "");
  EXPECT_EQ(DescribePacket(*icmp::Parse(request)),
            "echo request 10.0.0.2 > 203.0.113.9 id 0x1234 seq 1 ttl 64");
  std::string error =
      icmp::Build(0x0a010101, 0x0a000002, 64, icmp::kTimeExceeded, 0, 0, 0, request.substr(0, 28));
  EXPECT_EQ(DescribePacket(*icmp::Parse(error)),
            "time exceeded 10.1.1.1 > 10.0.0.2 about id 0x1234 seq 1");
  // The diagram's label keeps what a student looks for in its 28 characters: the sequence
  // number as the program wrote it in network byte order (1 is bytes 00 01).
  std::string ping =
      icmp::Build(0x0a000002, 0xcb007109, 64, icmp::kEchoRequest, 0, 0x1234, icmp::Swap16(1), "");
  icmp::WireRecord asked;
  asked.packet = *icmp::Parse(ping);
  EXPECT_EQ(DiagramLabel(asked), "request seq 1 ttl 64");
  icmp::WireRecord exceeded;
  exceeded.packet = *icmp::Parse(
      icmp::Build(0x0a010101, 0x0a000002, 64, icmp::kTimeExceeded, 0, 0, 0, ping.substr(0, 28)));
  EXPECT_EQ(DiagramLabel(exceeded), "exceeded at 10.1.1.1 seq 1");
  icmp::WireRecord r;
  r.fate = icmp::WireRecord::kMade;
  EXPECT_EQ(WireFate(r), "made by the grader (another ping)");
  r.fate = icmp::WireRecord::kPassed;
  r.held = true;
  EXPECT_EQ(WireFate(r), "held back (late)");
}

}  // namespace
}  // namespace netgrade::icmp
