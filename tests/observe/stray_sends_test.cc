// The refusals a raw socket returns, parsed from bytes built by hand; and the watch itself on
// the grader's own loopback, sending to ports the kernel just freed (nothing listens there).
#include "harness/observe/stray_sends.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "harness/base/address.h"
#include "tests/support/freed_port.h"

namespace netgrade::observe {
namespace {

std::vector<uint8_t> Ipv4Header(uint8_t protocol, const char* from, const char* to) {
  std::vector<uint8_t> h(20, 0);
  h[0] = 0x45;
  h[9] = protocol;
  ::inet_pton(AF_INET, from, &h[12]);
  ::inet_pton(AF_INET, to, &h[16]);
  return h;
}

void Put16(std::vector<uint8_t>& p, uint16_t v) {
  p.push_back(static_cast<uint8_t>(v >> 8));
  p.push_back(static_cast<uint8_t>(v));
}

// What the kernel sends back for a datagram from 127.0.0.1:from to to_address:to.
std::vector<uint8_t> Unreachable(uint16_t from, uint16_t to, uint8_t code = 3,
                                 uint8_t quoted_protocol = IPPROTO_UDP) {
  std::vector<uint8_t> p = Ipv4Header(IPPROTO_ICMP, "127.0.0.1", "127.0.0.1");
  for (uint8_t b :
       {uint8_t{3}, code, uint8_t{0}, uint8_t{0}, uint8_t{0}, uint8_t{0}, uint8_t{0}, uint8_t{0}})
    p.push_back(b);
  std::vector<uint8_t> quoted = Ipv4Header(quoted_protocol, "127.0.0.1", "127.0.0.2");
  p.insert(p.end(), quoted.begin(), quoted.end());
  Put16(p, from);
  Put16(p, to);
  Put16(p, 20);  // length, checksum
  Put16(p, 0);
  return p;
}

// A TCP segment from port `from` to `to` with these flags and sequence number.
std::vector<uint8_t> Segment(uint16_t from, uint16_t to, uint8_t flags, uint32_t seq) {
  std::vector<uint8_t> p = Ipv4Header(IPPROTO_TCP, "127.0.0.1", "127.0.0.1");
  Put16(p, from);
  Put16(p, to);
  Put16(p, static_cast<uint16_t>(seq >> 16));
  Put16(p, static_cast<uint16_t>(seq));
  for (int i = 0; i < 4; ++i) p.push_back(0);  // ack
  p.push_back(0x50);
  p.push_back(flags);
  for (int i = 0; i < 6; ++i) p.push_back(0);
  return p;
}

TEST(StraySends, AnUnreachablePortNamesTheQuotedDatagramsPorts) {
  std::vector<uint8_t> p = Unreachable(41000, 12000);
  std::optional<StraySend> s = ParseUnreachable(p.data(), p.size());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->proto, SocketProto::kUdp);
  EXPECT_EQ(s->from_port, 41000);
  EXPECT_EQ(s->to_port, 12000);
  EXPECT_EQ(s->to_address, "127.0.0.2");
  EXPECT_EQ(s->payload, "") << "the quote stops at the UDP header";
}

// Linux quotes the whole datagram (up to 576 bytes of packet): what it carried, the line a
// diagnosis names.
TEST(StraySends, AnUnreachableCarriesTheQuotedPayload) {
  std::vector<uint8_t> p = Unreachable(41000, 12000);
  for (char c : std::string("line 3 of 4")) p.push_back(static_cast<uint8_t>(c));
  std::optional<StraySend> s = ParseUnreachable(p.data(), p.size());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->payload, "line 3 of 4");
}

TEST(StraySends, OtherUnreachablesAndCutPacketsAreNotSends) {
  std::vector<uint8_t> host = Unreachable(41000, 12000, 1);
  EXPECT_FALSE(ParseUnreachable(host.data(), host.size())) << "host unreachable";
  std::vector<uint8_t> tcp = Unreachable(41000, 12000, 3, IPPROTO_TCP);
  EXPECT_FALSE(ParseUnreachable(tcp.data(), tcp.size())) << "quotes no UDP datagram";
  std::vector<uint8_t> p = Unreachable(41000, 12000);
  for (size_t cut = 0; cut < p.size() - 4; ++cut)
    EXPECT_FALSE(ParseUnreachable(p.data(), cut)) << "cut at " << cut;
}

TEST(StraySends, ARefusalIsAResetThatAcknowledgesASyn) {
  std::vector<uint8_t> p = Segment(12000, 41000, 0x14, 0);
  std::optional<StraySend> s = ParseRefusal(p.data(), p.size());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->proto, SocketProto::kTcp);
  EXPECT_EQ(s->to_port, 12000) << "the refused port is the reset's source";
  EXPECT_EQ(s->from_port, 41000);
  std::vector<uint8_t> reset = Segment(12000, 41000, 0x14, 12345);
  EXPECT_FALSE(ParseRefusal(reset.data(), reset.size())) << "a reset within a connection";
  std::vector<uint8_t> syn_ack = Segment(12000, 41000, 0x12, 0);
  EXPECT_FALSE(ParseRefusal(syn_ack.data(), syn_ack.size()));
}

TEST(StraySends, ASendIsTheProgramsByItsSocketOrInItsOwnNamespace) {
  StraySend s{.proto = SocketProto::kUdp,
              .to_address = "127.0.0.1",
              .to_port = 12000,
              .from_port = 41000,
              .payload = {}};
  SocketInfo mine;
  mine.proto = SocketProto::kUdp;
  mine.local_port = 41000;
  EXPECT_TRUE(ProgramsSend(s, {mine}, false, {}));
  SocketInfo tcp = mine;
  tcp.proto = SocketProto::kTcp;
  EXPECT_FALSE(ProgramsSend(s, {tcp}, false, {})) << "another protocol's socket";
  EXPECT_FALSE(ProgramsSend(s, {}, false, {})) << "shared loopback: not its socket";
  EXPECT_TRUE(ProgramsSend(s, {}, true, {40123}));
  EXPECT_FALSE(ProgramsSend(s, {}, true, {41000})) << "from the grader's port";
  EXPECT_FALSE(ProgramsSend(s, {}, true, {12000})) << "to the grader's port";
  StraySend lookup{.proto = SocketProto::kUdp,
                   .to_address = "127.0.0.53",
                   .to_port = 53,
                   .from_port = 41000,
                   .payload = {}};
  EXPECT_FALSE(ProgramsSend(lookup, {mine}, true, {})) << "a name lookup, the resolver's port";
}

using testing_support::FreedPort;

uint16_t LocalPort(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

sockaddr_in Loopback(uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

TEST(StraySendWatch, SeesADatagramToAClosedPortFromTheProgramsSocketOnly) {
  EventLoop loop;
  uint16_t mine = 0;
  StraySendWatch watch(loop, SocketProto::kUdp,
                       [&](const StraySend& s) { return s.from_port == mine; });
  if (!watch.available()) GTEST_SKIP() << "no CAP_NET_RAW here";
  Fd other(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  Fd program(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  uint16_t closed = FreedPort(SOCK_DGRAM);
  sockaddr_in to = Loopback(closed);
  // Another's datagram first: the watch must pass over it.
  ASSERT_EQ(::sendto(other.get(), "x", 1, 0, reinterpret_cast<sockaddr*>(&to), sizeof to), 1);
  ASSERT_EQ(::sendto(program.get(), "hello", 5, 0, reinterpret_cast<sockaddr*>(&to), sizeof to), 5);
  mine = LocalPort(program.get());
  ASSERT_TRUE(
      loop.RunUntil([&] { return !watch.seen().empty(); }, Clock::now() + std::chrono::seconds(2)));
  ASSERT_EQ(watch.seen().size(), 1u);
  EXPECT_EQ(watch.seen()[0].to_port, closed);
  EXPECT_EQ(watch.seen()[0].from_port, mine);
  EXPECT_EQ(watch.seen()[0].to_address, "127.0.0.1");
}

TEST(StraySendWatch, SeesAConnectionRefused) {
  EventLoop loop;
  StraySendWatch watch(loop, SocketProto::kTcp, [](const StraySend&) { return true; });
  if (!watch.available()) GTEST_SKIP() << "no CAP_NET_RAW here";
  uint16_t closed = FreedPort(SOCK_STREAM);
  Fd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in to = Loopback(closed);
  ASSERT_NE(::connect(client.get(), reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
  ASSERT_EQ(errno, ECONNREFUSED);
  // Other refusals on a shared loopback may come too: wait for this one.
  auto refused = [&] {
    for (const StraySend& s : watch.seen())
      if (s.to_port == closed) return true;
    return false;
  };
  EXPECT_TRUE(loop.RunUntil(refused, Clock::now() + std::chrono::seconds(2)));
}

// On a shared loopback a client's watch takes what came from the program's own sockets (this
// test's process plays the program), never a send to the port it was given; over TCP there
// is nothing it could tell, so there is no watch.
TEST(StraySendWatch, AClientsWatchOnASharedLoopbackGoesByItsSockets) {
  EventLoop loop;
  EXPECT_EQ(WatchClientSends(loop, SocketProto::kTcp, false, 1, {},
                             [] { return std::vector<pid_t>{::getpid()}; }),
            nullptr);
  uint16_t given = FreedPort(SOCK_DGRAM), closed = FreedPort(SOCK_DGRAM);
  auto watch = WatchClientSends(loop, SocketProto::kUdp, false, given, {},
                                [] { return std::vector<pid_t>{::getpid()}; });
  ASSERT_NE(watch, nullptr);
  if (!watch->available()) GTEST_SKIP() << "no CAP_NET_RAW here";
  Fd program(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  for (uint16_t port : {given, closed}) {
    sockaddr_in to = Loopback(port);
    ASSERT_EQ(::sendto(program.get(), "x", 1, 0, reinterpret_cast<sockaddr*>(&to), sizeof to), 1);
  }
  ASSERT_TRUE(loop.RunUntil([&] { return !watch->seen().empty(); },
                            Clock::now() + std::chrono::seconds(2)));
  ASSERT_EQ(watch->seen().size(), 1u) << "the given port is not a wrong one";
  EXPECT_EQ(watch->seen()[0].to_port, closed);
}

// A datagram to the given port while nothing listens there (the reference peer stopped by
// its script) is a loss, told with what it carried; not a stray send.
TEST(StraySendWatch, ADatagramToTheGivenPortClosedIsALossWithItsText) {
  EventLoop loop;
  uint16_t given = FreedPort(SOCK_DGRAM);
  std::vector<std::string> lost;
  auto watch = WatchClientSends(
      loop, SocketProto::kUdp, false, given, {}, [] { return std::vector<pid_t>{::getpid()}; },
      [&](const std::string& payload) { lost.push_back(payload); });
  if (!watch->available()) GTEST_SKIP() << "no CAP_NET_RAW here";
  Fd program(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  sockaddr_in to = Loopback(given);
  ASSERT_EQ(::sendto(program.get(), "line 3", 6, 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
            6);
  ASSERT_TRUE(loop.RunUntil([&] { return !lost.empty(); }, Clock::now() + std::chrono::seconds(2)));
  EXPECT_EQ(lost, std::vector<std::string>{"line 3"});
  EXPECT_TRUE(watch->seen().empty());
}

}  // namespace
}  // namespace netgrade::observe
