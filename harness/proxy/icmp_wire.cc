#include "harness/proxy/icmp_wire.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>

#include "harness/base/error.h"
#include "harness/sandbox/netns.h"

namespace netgrade::proxy {
namespace {

constexpr size_t kEthernetHeader = 14;

// A packet socket on `ifname` of the calling thread's namespace, taking every frame that
// arrives there (none that leaves: the wire's own writes are not read back).
Fd OpenSide(const char* ifname) {
  // Protocol 0 until bound: no frame of another interface is queued in between.
  Fd fd(CheckSys(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0),
                 "socket(AF_PACKET) on the wire"));
  int one = 1;
  CheckSys(::setsockopt(fd.get(), SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one),
           "PACKET_IGNORE_OUTGOING");
  // The kernel's time of arrival with each frame: when the grader reads it may be later.
  CheckSys(::setsockopt(fd.get(), SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one),
           "SO_TIMESTAMPNS on the wire");
  sockaddr_ll at{};
  at.sll_family = AF_PACKET;
  at.sll_protocol = htons(ETH_P_ALL);
  at.sll_ifindex = static_cast<int>(::if_nametoindex(ifname));
  if (at.sll_ifindex == 0) throw SystemError(std::string("if_nametoindex ") + ifname, errno);
  CheckSys(::bind(fd.get(), reinterpret_cast<sockaddr*>(&at), sizeof at), "bind the wire");
  return fd;
}

// When a frame reached the wire, on the loop's clock: the kernel's stamp (the realtime clock)
// moved by how long ago it is now. A stamp missing, or in the future or older than 10 s (the
// realtime clock set meanwhile), gives now.
TimePoint ArrivedAt(msghdr& m, TimePoint now) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr; c = CMSG_NXTHDR(&m, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
    timespec stamp;
    std::memcpy(&stamp, CMSG_DATA(c), sizeof stamp);
    timespec real;
    ::clock_gettime(CLOCK_REALTIME, &real);
    auto ago = std::chrono::seconds(real.tv_sec - stamp.tv_sec) +
               std::chrono::nanoseconds(real.tv_nsec - stamp.tv_nsec);
    if (ago < Clock::duration::zero() || ago > std::chrono::seconds(10)) return now;
    return now - std::chrono::duration_cast<Clock::duration>(ago);
  }
  return now;
}

uint32_t Parsed(const std::string& text) {
  uint32_t a = 0;
  icmp::ParseAddress(text, &a);
  return a;
}

}  // namespace

IcmpWire::IcmpWire(EventLoop& loop, const sandbox::RouterPath& path, WirePlan plan)
    : loop_(loop), path_(path), plan_(std::move(plan)) {
  const sandbox::PathLayout& layout = path.layout();
  student_ = Parsed(layout.student);
  for (const std::string& r : layout.routers) path_addresses_.push_back(Parsed(r));
  path_addresses_.push_back(Parsed(layout.destination));
  {
    sandbox::NetNamespace::Scope in(&path.wire());
    student_side_ = OpenSide("ngs");
    router_side_ = OpenSide("ngr");
  }
  loop_.Watch(student_side_.get(), POLLIN, [this](short) { Read(true); });
  loop_.Watch(router_side_.get(), POLLIN, [this](short) { Read(false); });
}

IcmpWire::~IcmpWire() {
  for (uint64_t id : timers_) loop_.Cancel(id);
  loop_.Unwatch(student_side_.get());
  loop_.Unwatch(router_side_.get());
}

void IcmpWire::Read(bool from_student_side) {
  int fd = from_student_side ? student_side_.get() : router_side_.get();
  char buf[65536 + kEthernetHeader];
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec)) * 2];
  for (;;) {
    iovec io{buf, sizeof buf};
    msghdr m{};
    m.msg_iov = &io;
    m.msg_iovlen = 1;
    m.msg_control = control;
    m.msg_controllen = sizeof control;
    ssize_t n = ::recvmsg(fd, &m, MSG_TRUNC);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // EAGAIN: all read
    }
    if (static_cast<size_t>(n) < kEthernetHeader || static_cast<size_t>(n) > sizeof buf) continue;
    std::string frame(buf, static_cast<size_t>(n));
    uint16_t type = static_cast<uint16_t>(static_cast<uint8_t>(frame[12]) << 8 |
                                          static_cast<uint8_t>(frame[13]));
    if (type == ETH_P_ARP) {
      Write(!from_student_side, frame);  // a neighbour's question or answer: as it came
    } else if (type == ETH_P_IP) {
      Carry(std::move(frame), !from_student_side, ArrivedAt(m, loop_.Now()));
    }
  }
}

void IcmpWire::Carry(std::string frame, bool to_student, TimePoint arrived) {
  std::string ip = frame.substr(kEthernetHeader);
  std::optional<icmp::Packet> packet = icmp::Parse(ip);
  if (packet && ip.size() >= 4) {
    size_t total =
        static_cast<size_t>(static_cast<uint8_t>(ip[2]) << 8 | static_cast<uint8_t>(ip[3]));
    if (total >= packet->header_length && total < ip.size())
      ip.resize(total);  // Ethernet's padding
  }
  WireRecord record;
  record.seen = arrived;
  record.to_student = to_student;
  record.bytes = ip;
  if (packet) record.packet = *packet;
  bool allowed;
  if (to_student) {
    allowed = packet && packet->destination == student_;
  } else {
    allowed = packet && packet->source == student_ && packet->icmp &&
              packet->icmp->type == icmp::kEchoRequest &&
              std::find(path_addresses_.begin(), path_addresses_.end(), packet->destination) !=
                  path_addresses_.end() &&
              from_student_ < kMostFromStudent;
  }
  if (!allowed) {
    record.fate = WireRecord::kRefused;
    if (!to_student) ++refused_;
    // A flood is counted, not kept: the record of the first kMostFromStudent is enough.
    if (records_.size() < 2 * kMostFromStudent) records_.push_back(std::move(record));
    return;
  }
  size_t index = to_student ? to_student_++ : from_student_++;
  WireDecision d = plan_(*packet, to_student, index);
  std::optional<WireRecord> made;
  if (!to_student) {
    ReleaseHeld();
    if (d.answer_other_identifier && packet->icmp) {
      // Written before the request goes on: it reaches the program before the real reply.
      const icmp::IcmpHeader& h = *packet->icmp;
      made.emplace();
      made->seen = made->delivered = loop_.Now();
      made->written = true;
      made->to_student = true;
      made->fate = WireRecord::kMade;
      made->bytes = icmp::Build(packet->destination, student_, 64, icmp::kEchoReply, 0,
                                static_cast<uint16_t>(h.identifier ^ 0x5555), h.sequence, h.data);
      made->packet = *icmp::Parse(made->bytes);
      Write(true, Frame(true, made->bytes));
    }
  }
  record.duplicated = d.duplicate;
  if (d.drop) {
    record.fate = WireRecord::kDropped;
    records_.push_back(std::move(record));
    if (made) records_.push_back(std::move(*made));  // after the request it came with
    return;
  }
  size_t at = records_.size();
  records_.push_back(std::move(record));
  if (made) records_.push_back(std::move(*made));
  if (to_student && d.hold_until_next_request) {
    records_[at].held = true;
    held_.emplace_back(at, std::move(frame));
    return;
  }
  if (d.delay <= Clock::duration::zero()) {
    Deliver(at, std::move(frame), to_student, d.duplicate);
    return;
  }
  ++in_flight_;
  timers_.push_back(loop_.At(loop_.Now() + d.delay, [this, at, to_student, twice = d.duplicate,
                                                     f = std::move(frame)]() mutable {
    --in_flight_;
    Deliver(at, std::move(f), to_student, twice);
  }));
}

void IcmpWire::Deliver(size_t record, std::string frame, bool to_student, bool twice) {
  records_[record].delivered = loop_.Now();
  records_[record].written = true;
  Write(to_student, frame);
  if (twice) Write(to_student, frame);
}

void IcmpWire::ReleaseHeld() {
  std::vector<std::pair<size_t, std::string>> held;
  held.swap(held_);
  for (auto& [record, frame] : held) Deliver(record, std::move(frame), true, false);
}

void IcmpWire::Write(bool to_student, const std::string& frame) {
  // Towards the student: out of "ngs"; towards the routers: out of "ngr". A full queue drops
  // the frame as a busy link would; the plan's drops are recorded apart.
  int fd = to_student ? student_side_.get() : router_side_.get();
  while (::send(fd, frame.data(), frame.size(), 0) < 0 && errno == EINTR) {
  }
}

std::string IcmpWire::Frame(bool to_student, const std::string& ip) const {
  const sandbox::Mac& to = to_student ? path_.student_mac() : path_.router_mac();
  const sandbox::Mac& from = to_student ? path_.router_mac() : path_.student_mac();
  std::string frame(to.begin(), to.end());
  frame.append(from.begin(), from.end());
  frame += std::string("\x08\x00", 2);
  return frame + ip;
}

}  // namespace netgrade::proxy
