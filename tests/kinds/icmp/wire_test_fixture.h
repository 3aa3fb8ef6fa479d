// The fixture of the ICMP wire's tests (kinds/icmp/wire.h): a case's path with its wire, a raw
// ICMP socket in the student's namespace whose messages (but the requests it sees go out) are
// collected as the loop runs, and what a hostile program writes on its link.
#pragma once

#include <gtest/gtest.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/kinds/icmp/wire.h"
#include "harness/sandbox/netns.h"

namespace netgrade::icmp::testing_wire {

inline uint32_t Ip(const std::string& text) {
  uint32_t a = 0;
  icmp::ParseAddress(text, &a);
  return a;
}

// A raw IPv4 packet (IP_HDRINCL) from the calling thread's namespace, as a hostile program
// forges it.
inline void SendForged(const std::string& bytes, const std::string& to) {
  Fd s(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW));
  ASSERT_TRUE(s) << std::strerror(errno);
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_addr.s_addr = htonl(Ip(to));
  EXPECT_EQ(::sendto(s.get(), bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&dst),
                     sizeof dst),
            static_cast<ssize_t>(bytes.size()));
}

class WireTest : public ::testing::Test {
 protected:
  void Start(WirePlan plan, icmp::PathLayout layout = {}) {
    std::string why;
    path_ = icmp::RouterPath::Create(layout, &why);
    if (!path_) GTEST_SKIP() << why;
    wire_ = std::make_unique<IcmpWire>(loop_, *path_, std::move(plan));
    sandbox::NetNamespace::Scope in(&path_->student());
    raw_ = Fd(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMP));
    ASSERT_TRUE(raw_) << std::strerror(errno);
    int big = 4 << 20;  // a burst of large replies read whole
    ::setsockopt(raw_.get(), SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);
    loop_.Watch(raw_.get(), POLLIN, [this](short) {
      char buf[1500];
      for (ssize_t n; (n = ::recv(raw_.get(), buf, sizeof buf, 0)) > 0;) {
        auto p = icmp::Parse(std::string_view(buf, static_cast<size_t>(n)));
        if (p && p->icmp && p->icmp->type != icmp::kEchoRequest) got_.push_back({loop_.Now(), *p});
      }
    });
  }
  // An echo request from the student's raw socket.
  TimePoint Send(uint16_t id, uint16_t seq, int ttl = 64, const std::string& to = "",
                 uint8_t type = icmp::kEchoRequest, const std::string& data = "netgrade") {
    ::setsockopt(raw_.get(), IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);
    std::string m = icmp::Build(0, 0, 0, type, 0, id, seq, data).substr(20);
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_addr.s_addr = htonl(Ip(to.empty() ? path_->layout().destination : to));
    TimePoint at = loop_.Now();
    EXPECT_EQ(
        ::sendto(raw_.get(), m.data(), m.size(), 0, reinterpret_cast<sockaddr*>(&dst), sizeof dst),
        static_cast<ssize_t>(m.size()));
    return at;
  }
  // Writes `frames` on the student's link through a packet socket, as a hostile program does:
  // each `frame` (Ethernet header first) with a virtio header before it when `vnet` is given
  // (PACKET_VNET_HDR: a GSO super-frame past the MTU). How many the kernel took.
  size_t WriteFrames(const std::string& frame, size_t frames, const std::string& vnet = "") {
    sandbox::NetNamespace::Scope in(&path_->student());
    Fd s(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0));
    EXPECT_TRUE(s) << std::strerror(errno);
    int one = 1;
    if (!vnet.empty()) {
      EXPECT_EQ(::setsockopt(s.get(), SOL_PACKET, PACKET_VNET_HDR, &one, sizeof one), 0);
    }
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_protocol = htons(static_cast<uint16_t>(static_cast<uint8_t>(frame[12]) << 8 |
                                                  static_cast<uint8_t>(frame[13])));
    to.sll_ifindex = static_cast<int>(::if_nametoindex("ngwire"));
    std::string bytes = vnet + frame;
    size_t taken = 0;
    for (size_t i = 0; i < frames; ++i)
      taken += ::sendto(s.get(), bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to),
                        sizeof to) == static_cast<ssize_t>(bytes.size());
    return taken;
  }
  // Runs until `done`, at most 5 s (a bound on failure, not a wait).
  void RunUntil(const std::function<bool()>& done) {
    ASSERT_TRUE(loop_.RunUntil(done, Clock::now() + std::chrono::seconds(5)));
  }
  // IPv4 records of `fate` in a direction.
  size_t Count(WireRecord::Fate fate, bool to_student) const {
    size_t n = 0;
    for (const WireRecord& r : wire_->records())
      n += r.ipv4() && r.fate == fate && r.to_student == to_student;
    return n;
  }
  std::vector<const WireRecord*> Ipv4Records() const {
    std::vector<const WireRecord*> out;
    for (const WireRecord& r : wire_->records())
      if (r.ipv4()) out.push_back(&r);
    return out;
  }

  struct Got {
    TimePoint at;
    icmp::Packet packet;
  };
  EventLoop loop_;
  std::unique_ptr<icmp::RouterPath> path_;
  std::unique_ptr<IcmpWire> wire_;
  Fd raw_;
  std::vector<Got> got_;
};

inline WireDecision Pass(const icmp::Packet&, bool, size_t) { return {}; }

}  // namespace netgrade::icmp::testing_wire
