#include "harness/kinds/sockets/capture_faults.h"

#include <gtest/gtest.h>
#include <netinet/in.h>

#include <chrono>

#include "tests/support/cooked_packet.h"

namespace netgrade::sockets {
namespace {

using plan::Direction;
using proxy::Action;
using testing_support::CookedUdp;

// A UDP client's case: the student sends from 40000 to the proxy at 5000, the proxy passes
// from 41000 to the server at 6000, and back.
constexpr uint16_t kStudent = 40000, kProxy = 5000, kUpstream = 41000, kServer = 6000;

ProxyPorts UdpClientPorts() {
  ProxyPorts p;
  p.protocol = IPPROTO_UDP;
  p.listen = kProxy;
  p.target = kServer;
  p.student_first = true;
  return p;
}

// Packets at `after_ns` from the transcript's start, on a clock whose time `start` is that
// start (the steady clock's, here): what FaultComments is given as start_ns.
struct Packets {
  explicit Packets(const proxy::Transcript& t)
      : start(std::chrono::duration_cast<std::chrono::nanoseconds>(t.start().time_since_epoch())
                  .count()) {}
  void Add(int64_t after_ns, uint16_t src, uint16_t dst, const std::string& payload) {
    observe::CapturedPacket p;
    p.ns = static_cast<uint64_t>(start + after_ns);
    p.data = CookedUdp(src, dst, payload);
    p.original_length = static_cast<uint32_t>(p.data.size());
    list.push_back(std::move(p));
  }
  int64_t start;
  std::vector<observe::CapturedPacket> list;
};

TEST(FaultComments, ADropIsWrittenOnTheDatagramThatReachedTheProxyNotOnAnEarlierOneLikeIt) {
  proxy::Transcript t;
  Packets p(t);
  // #1 and #2 are the same bytes; #1 passed (arrived, left), #2 was dropped (arrived only).
  p.Add(0, kStudent, kProxy, "PING");
  p.Add(1000, kUpstream, kServer, "PING");
  t.Add(Direction::kFromStudent, 1, "PING", 4, Action::kPassed, "passed");
  p.Add(2000, kStudent, kProxy, "PING");
  t.Add(Direction::kFromStudent, 2, "PING", 4, Action::kDropped, "dropped (plan: #2)");
  size_t unplaced = 9;
  std::map<size_t, std::string> c = FaultComments(p.list, t, UdpClientPorts(), p.start, &unplaced);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c.begin()->first, 2u);
  EXPECT_EQ(c.begin()->second,
            "netgrade's proxy, datagram #2 from the student ('PING', 4 B): dropped (plan: #2)");
  EXPECT_EQ(unplaced, 0u);
}

TEST(FaultComments, AHeldAnswerIsWrittenWhereItArrivedAndWhereItWasReleased) {
  proxy::Transcript t;
  Packets p(t);
  p.Add(0, kServer, kUpstream, "PONG 5");
  t.Add(Direction::kToStudent, 5, "PONG 5", 6, Action::kHeld, "late: held back");
  // Released after the entry is written: the packet that leaves the proxy comes later.
  t.Add(Direction::kToStudent, 5, "PONG 5", 6, Action::kReleased, "released: #6 came");
  p.Add(50'000'000, kProxy, kStudent, "PONG 5");
  size_t unplaced = 0;
  std::map<size_t, std::string> c = FaultComments(p.list, t, UdpClientPorts(), p.start, &unplaced);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_NE(c[0].find("datagram #5 to the student ('PONG 5', 6 B): late: held back"),
            std::string::npos);
  EXPECT_NE(c[1].find("released: #6 came"), std::string::npos);
}

TEST(FaultComments, APacketSeenAfterTheEntryIsNotItsPacket) {
  proxy::Transcript t;
  Packets p(t);
  t.Add(Direction::kFromStudent, 1, "PING", 4, Action::kDropped, "dropped (plan: #1)");
  // A second later: a resend, not the dropped one (which the capture lost past its bound).
  p.Add(1'000'000'000, kStudent, kProxy, "PING");
  size_t unplaced = 0;
  EXPECT_TRUE(FaultComments(p.list, t, UdpClientPorts(), p.start, &unplaced).empty());
  EXPECT_EQ(unplaced, 1u);
}

TEST(FaultComments, AServersWayRoundThePortsAreTheOtherWay) {
  // The student listens at 7000; the peer sends from 42000 to the proxy at 5000, which passes
  // from 43000 to the student.
  ProxyPorts ports;
  ports.protocol = IPPROTO_UDP;
  ports.listen = kProxy;
  ports.target = 7000;
  ports.student_first = false;
  proxy::Transcript t;
  Packets p(t);
  p.Add(0, 42000, kProxy, "hello");  // to the student: arrives from the peer's side
  p.Add(10, 7000, 43000, "HELLO");   // from the student: arrives from the target
  t.Add(Direction::kToStudent, 1, "hello", 5, Action::kDuplicated, "duplicated");
  t.Add(Direction::kFromStudent, 1, "HELLO", 5, Action::kDropped, "dropped (plan: #1)");
  size_t unplaced = 0;
  std::map<size_t, std::string> c = FaultComments(p.list, t, ports, p.start, &unplaced);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_NE(c[0].find("#1 to the student ('hello', 5 B): duplicated"), std::string::npos);
  EXPECT_NE(c[1].find("#1 from the student ('HELLO', 5 B): dropped"), std::string::npos);
}

TEST(FaultComments, WhatTheProgramSentIsEscapedInTheComment) {
  proxy::Transcript t;
  Packets p(t);
  std::string attack = "\x1b]0;owned\x07\x1b[2J";
  p.Add(0, kStudent, kProxy, attack);
  t.Add(Direction::kFromStudent, 1, attack.data(), attack.size(), Action::kDropped, "dropped");
  size_t unplaced = 0;
  std::map<size_t, std::string> c = FaultComments(p.list, t, UdpClientPorts(), p.start, &unplaced);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].find('\x1b'), std::string::npos) << c[0];
  EXPECT_NE(c[0].find("\\x1b"), std::string::npos) << c[0];
}

}  // namespace
}  // namespace netgrade::sockets
