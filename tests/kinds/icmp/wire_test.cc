#include "harness/kinds/icmp/wire.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include <cstring>

#include "harness/sandbox/netns.h"
#include "tests/kinds/icmp/wire_test_fixture.h"

namespace netgrade::icmp {
namespace {

using icmp::PathLayout;
using sandbox::NetNamespace;
using testing_wire::Ip;
using testing_wire::Pass;
using testing_wire::SendForged;
using testing_wire::WireTest;

TEST_F(WireTest, CarriesTheStudentsEchoAndTheKernelsAnswersBothWays) {
  PathLayout layout;
  layout.routers = {"10.0.1.1", "10.0.2.1"};
  Start(Pass, layout);
  if (!path_) return;
  TimePoint sent = Send(7, 1, 1);
  RunUntil([&] { return got_.size() == 1; });
  // A link still coming up when the path was handed over loses the first ARP request, which
  // the kernel asks again a second later.
  EXPECT_LT(got_[0].at - sent, std::chrono::milliseconds(900)) << "no frame lost to a link";
  EXPECT_EQ(got_[0].packet.icmp->type, icmp::kTimeExceeded);
  EXPECT_EQ(icmp::AddressText(got_[0].packet.source), "10.0.1.1");
  Send(7, 2, 2);
  RunUntil([&] { return got_.size() == 2; });
  EXPECT_EQ(icmp::AddressText(got_[1].packet.source), "10.0.2.1");
  Send(7, 3);
  RunUntil([&] { return got_.size() == 3; });
  EXPECT_EQ(got_[2].packet.icmp->type, icmp::kEchoReply);
  EXPECT_EQ(got_[2].packet.icmp->sequence, 3);
  EXPECT_EQ(Count(WireRecord::kPassed, false), 3u);
  EXPECT_EQ(Count(WireRecord::kPassed, true), 3u);
  EXPECT_EQ(Ipv4Records()[0]->packet.ttl, 1) << "the wire sees each request's TTL";
}

// Whether the kernel stamps datagrams as they arrive: it switches that on a moment after the
// first socket asks for it (the wire's have), so the first frames may carry the time they are
// read instead. A datagram over loopback read 20 ms after it was sent tells.
bool KernelStampsArrivals() {
  Fd a(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)), b(::socket(AF_INET, SOCK_DGRAM, 0));
  int one = 1;
  ::setsockopt(b.get(), SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof at;
  ::bind(b.get(), reinterpret_cast<sockaddr*>(&at), sizeof at);
  ::getsockname(b.get(), reinterpret_cast<sockaddr*>(&at), &len);
  timespec sent;
  ::clock_gettime(CLOCK_REALTIME, &sent);
  ::sendto(a.get(), "x", 1, 0, reinterpret_cast<sockaddr*>(&at), sizeof at);
  for (TimePoint until = Clock::now() + std::chrono::milliseconds(20); Clock::now() < until;) {
  }
  char buf[8];
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
  iovec io{buf, sizeof buf};
  msghdr m{};
  m.msg_iov = &io;
  m.msg_iovlen = 1;
  m.msg_control = control;
  m.msg_controllen = sizeof control;
  if (::recvmsg(b.get(), &m, 0) != 1) return false;
  cmsghdr* c = CMSG_FIRSTHDR(&m);
  if (c == nullptr || c->cmsg_type != SCM_TIMESTAMPNS) return false;
  timespec stamp;
  std::memcpy(&stamp, CMSG_DATA(c), sizeof stamp);
  double ms = (stamp.tv_sec - sent.tv_sec) * 1e3 + (stamp.tv_nsec - sent.tv_nsec) / 1e6;
  return ms < 10;
}

// A grader kept from running (a loaded machine) reads a request late; its record says when it
// reached the wire, which the checks of a program's timing measure from.
TEST_F(WireTest, ARequestIsSeenWhenItReachedTheWireNotWhenTheGraderReadIt) {
  Start(Pass);
  if (!path_) return;
  Send(7, 1);
  RunUntil([&] { return got_.size() == 1; });
  TimePoint bound = Clock::now() + std::chrono::seconds(5);  // bounds a failure only
  while (!KernelStampsArrivals()) ASSERT_LT(Clock::now(), bound) << "the kernel never stamps";
  TimePoint sent = Clock::now();
  Send(7, 2);
  // The grader busy elsewhere for 300 ms: the frame waits in the wire's socket.
  for (TimePoint until = sent + std::chrono::milliseconds(300); Clock::now() < until;) {
  }
  RunUntil([&] { return Ipv4Records().size() >= 3; });
  const WireRecord& second = *Ipv4Records()[2];
  ASSERT_EQ(second.packet.icmp->sequence, 2);
  EXPECT_LT(second.seen - sent, std::chrono::milliseconds(100));
  EXPECT_GE(second.seen, sent);
}

TEST_F(WireTest, DropsWhatThePlanDropsAndRecordsIt) {
  Start([](const icmp::Packet&, bool to_student, size_t index) {
    WireDecision d;
    d.drop = to_student && index == 0;
    return d;
  });
  if (!path_) return;
  Send(7, 1);
  RunUntil([&] { return Count(WireRecord::kDropped, true) == 1; });
  Send(7, 2);
  RunUntil([&] { return got_.size() == 1; });
  EXPECT_EQ(got_[0].packet.icmp->sequence, 2) << "the first reply never came";
}

TEST_F(WireTest, DelaysAReplyByThePlansDelayAndDoublesIt) {
  Start([](const icmp::Packet&, bool to_student, size_t) {
    WireDecision d;
    if (to_student) d.delay = std::chrono::milliseconds(40);
    d.duplicate = to_student;
    return d;
  });
  if (!path_) return;
  TimePoint sent = Send(7, 1);
  RunUntil([&] { return got_.size() == 2; });
  EXPECT_GE(got_[0].at - sent, std::chrono::milliseconds(40));
  EXPECT_EQ(got_[1].packet.icmp->sequence, 1) << "the copy";
  EXPECT_EQ(wire_->in_flight(), 0u);
}

TEST_F(WireTest, AnotherIdentifiersReplyComesBeforeTheRealOne) {
  Start([](const icmp::Packet&, bool to_student, size_t) {
    WireDecision d;
    d.answer_other_identifier = !to_student;
    return d;
  });
  if (!path_) return;
  Send(0x1234, 1);
  RunUntil([&] { return got_.size() == 2; });
  EXPECT_EQ(got_[0].packet.icmp->identifier, 0x1234 ^ 0x5555);
  EXPECT_TRUE(got_[0].packet.icmp->checksum_ok);
  EXPECT_EQ(icmp::AddressText(got_[0].packet.source), "192.0.2.7");
  EXPECT_EQ(got_[1].packet.icmp->identifier, 0x1234);
  EXPECT_EQ(Count(WireRecord::kMade, true), 1u);
}

TEST_F(WireTest, HoldsALateReplyUntilTheNextRequestGoesOn) {
  Start([](const icmp::Packet&, bool to_student, size_t index) {
    WireDecision d;
    d.hold_until_next_request = to_student && index == 0;
    return d;
  });
  if (!path_) return;
  Send(7, 1);
  RunUntil([&] { return wire_->in_flight() == 1; });
  EXPECT_TRUE(got_.empty());
  Send(7, 2);
  RunUntil([&] { return got_.size() == 2; });
  EXPECT_EQ(got_[0].packet.icmp->sequence, 1) << "the late one first";
  EXPECT_EQ(got_[1].packet.icmp->sequence, 2);
}

TEST_F(WireTest, ForgedSourcesRedirectsAndOtherAddressesStayInTheCase) {
  // A raw socket of the grader's own namespace would see any of it that got out. A normal
  // user may not open one there (CAP_NET_RAW of the machine's): the wire's refusals are then
  // the proof, as they are the containment.
  Fd watcher(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMP));
  if (!watcher && ::geteuid() == 0) FAIL() << std::strerror(errno);
  Start(Pass);
  if (!path_) return;
  {
    NetNamespace::Scope in(&path_->student());
    const uint32_t student = Ip("10.0.0.2");
    // A forged source to the destination, an echo to an address outside the case (the route
    // to everything is the wire), a redirect to the router.
    SendForged(
        icmp::Build(Ip("10.9.9.9"), Ip("192.0.2.7"), 64, icmp::kEchoRequest, 0, 1, 1, "contained"),
        "192.0.2.7");
    SendForged(
        icmp::Build(student, Ip("198.51.100.1"), 64, icmp::kEchoRequest, 0, 1, 2, "contained"),
        "198.51.100.1");
    SendForged(icmp::Build(student, Ip("10.0.1.1"), 64, 5, 1, 0, 0, "contained"), "10.0.1.1");
  }
  Send(7, 3);  // then a request that may pass, which comes after them all
  RunUntil([&] { return got_.size() == 1; });
  EXPECT_EQ(wire_->refused(), 3u);
  EXPECT_EQ(Count(WireRecord::kPassed, false), 1u);
  char buf[1500];
  for (ssize_t n; watcher && (n = ::recv(watcher.get(), buf, sizeof buf, 0)) > 0;)
    EXPECT_EQ(std::string_view(buf, static_cast<size_t>(n)).find("contained"),
              std::string_view::npos)
        << "a packet of the case reached the grader's network";
}

TEST_F(WireTest, AnyDestinationAnswersEveryAddressFromThatAddressAndNothingLeaves) {
  PathLayout layout;
  layout.routers = {"10.0.1.1", "10.0.2.1"};
  layout.any_destination = true;
  Start(Pass, layout);
  if (!path_) return;
  // An address of the program's own (the textbook pings 8.8.8.8 or google.com's): the
  // destination answers it as itself, past both routers.
  Send(7, 1, 64, "198.51.100.1");
  RunUntil([&] { return got_.size() == 1; });
  EXPECT_EQ(got_[0].packet.icmp->type, icmp::kEchoReply);
  EXPECT_EQ(icmp::AddressText(got_[0].packet.source), "198.51.100.1");
  EXPECT_EQ(got_[0].packet.ttl, 62) << "it crossed both routers";
  // The routers still answer for themselves, and a TTL still runs out on the way.
  Send(7, 2, 2, "198.51.100.1");
  RunUntil([&] { return got_.size() == 2; });
  EXPECT_EQ(got_[1].packet.icmp->type, icmp::kTimeExceeded);
  EXPECT_EQ(icmp::AddressText(got_[1].packet.source), "10.0.2.1");
  EXPECT_EQ(wire_->refused(), 0u);
}

TEST_F(WireTest, WithoutAnyDestinationAnotherAddressIsRefused) {
  Start(Pass);
  if (!path_) return;
  Send(7, 1, 64, "198.51.100.1");
  Send(7, 2);
  RunUntil([&] { return got_.size() == 1; });
  EXPECT_EQ(got_[0].packet.icmp->sequence, 2);
  EXPECT_EQ(wire_->refused(), 1u);
}

TEST_F(WireTest, CapsHowManyRequestsOfTheStudentPass) {
  Start(Pass);
  if (!path_) return;
  const size_t flood = IcmpWire::kMostFromStudent + 20;
  size_t sent = 0;
  // Sent in bursts the socket buffers hold, each carried before the next.
  while (sent < flood) {
    for (int i = 0; i < 100 && sent < flood; ++i) Send(7, static_cast<uint16_t>(++sent));
    RunUntil([&] { return Count(WireRecord::kPassed, false) + wire_->refused() == sent; });
  }
  EXPECT_EQ(Count(WireRecord::kPassed, false), IcmpWire::kMostFromStudent);
  EXPECT_EQ(wire_->refused(), 20u);
}

}  // namespace
}  // namespace netgrade::icmp
