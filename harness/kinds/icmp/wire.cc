#include "harness/kinds/icmp/wire.h"

#include <linux/if_ether.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <optional>

#include "harness/base/arrival.h"
#include "harness/kinds/icmp/wire_link.h"
#include "harness/sandbox/netns.h"

namespace netgrade::icmp {

using sandbox::NetNamespace;
namespace {

constexpr size_t kEthernetHeader = 14;
// Of a frame refused by its size or its link type, the record keeps this much at most: the
// IPv4 header with every option, and the ICMP header after it.
constexpr size_t kHeadBytes = 60 + 8;

uint32_t Parsed(const std::string& text) {
  uint32_t a = 0;
  icmp::ParseAddress(text, &a);
  return a;
}

uint32_t Read32(std::string_view b, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<uint8_t>(b[at + i]);
  return v;
}

// The bytes of a record's packet held in memory: its bytes and the data its ICMP headers copy.
size_t Held(const WireRecord& r) {
  size_t n = r.bytes.size();
  if (r.packet.icmp) n += r.packet.icmp->data.size();
  if (r.packet.quoted) n += r.packet.quoted->data.size();
  return n;
}

// Shortens a record's bytes to `keep`, and what its headers copied of them.
void Shorten(WireRecord* r, size_t keep) {
  r->bytes.resize(std::min(keep, r->bytes.size()));
  r->bytes.shrink_to_fit();
  if (r->packet.icmp) r->packet.icmp->data.clear();
  if (r->packet.quoted) r->packet.quoted->data.clear();
}

}  // namespace

IcmpWire::IcmpWire(EventLoop& loop, const icmp::RouterPath& path, WirePlan plan)
    : loop_(loop), path_(path), plan_(std::move(plan)) {
  const icmp::PathLayout& layout = path.layout();
  student_ = Parsed(layout.student);
  for (const std::string& r : layout.routers) path_addresses_.push_back(Parsed(r));
  path_addresses_.push_back(Parsed(layout.destination));
  any_destination_ = layout.any_destination;
  {
    sandbox::NetNamespace::Scope in(&path.wire());
    student_side_ = wire_link::OpenSide("ngs", kReceiveBuffer);
    router_side_ = wire_link::OpenSide("ngr", kReceiveBuffer);
    mtu_ = std::min(wire_link::Mtu("ngs"), wire_link::Mtu("ngr"));
  }
  loop_.Watch(student_side_.get(), POLLIN, [this](short) { Read(true); });
  loop_.Watch(router_side_.get(), POLLIN, [this](short) { Read(false); });
}

IcmpWire::~IcmpWire() {
  for (uint64_t id : timers_) loop_.Cancel(id);
  loop_.Unwatch(student_side_.get());
  loop_.Unwatch(router_side_.get());
}

size_t IcmpWire::kernel_dropped() {
  kernel_dropped_ += wire_link::DroppedSinceLastAsked(student_side_.get());
  kernel_dropped_ += wire_link::DroppedSinceLastAsked(router_side_.get());
  return kernel_dropped_;
}

void IcmpWire::Read(bool from_student_side) {
  int fd = from_student_side ? student_side_.get() : router_side_.get();
  const bool to_student = !from_student_side;
  // A frame is read here and copied only when it fits the link: a GSO super-frame (up to
  // 64 KiB) is looked at in place and recorded by its headers.
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
    const size_t size = static_cast<size_t>(n);
    if (size < kEthernetHeader) continue;  // a runt the kernel would not send on
    std::string_view frame(buf, std::min(size, sizeof buf));
    const uint16_t type = static_cast<uint16_t>(static_cast<uint8_t>(frame[12]) << 8 |
                                                static_cast<uint8_t>(frame[13]));
    const TimePoint arrived = ArrivedAt(m, loop_.Now());
    if (size - kEthernetHeader > mtu_) {
      RefuseFrame(frame, type, size, to_student, arrived, WireRecord::kPastMtu);
    } else if (type == ETH_P_ARP) {
      CarryArp(frame, to_student, arrived);
    } else if (type == ETH_P_IP) {
      Carry(std::string(frame), to_student, arrived);
    } else {
      RefuseFrame(frame, type, size, to_student, arrived, WireRecord::kNotIp);
    }
  }
}

void IcmpWire::RefuseFrame(std::string_view frame, uint16_t ethertype, size_t size, bool to_student,
                           TimePoint arrived, WireRecord::Why why) {
  WireRecord record;
  record.seen = arrived;
  record.to_student = to_student;
  record.fate = WireRecord::kRefused;
  record.why = why;
  record.ethertype = ethertype;
  record.size = size - kEthernetHeader;
  if (why == WireRecord::kPastMtu) record.mtu = static_cast<uint16_t>(mtu_);
  record.bytes = std::string(frame.substr(kEthernetHeader, kHeadBytes));
  if (record.ipv4())
    if (auto p = icmp::Parse(record.bytes)) record.packet = *p;
  if (!to_student) ++refused_;
  Keep(std::move(record));
}

void IcmpWire::CarryArp(std::string_view frame, bool to_student, TimePoint arrived) {
  WireRecord record;
  record.seen = arrived;
  record.to_student = to_student;
  record.ethertype = ETH_P_ARP;
  std::string_view arp = frame.substr(kEthernetHeader);
  // An Ethernet/IPv4 ARP message is 28 bytes; the rest is the link's padding.
  record.bytes = std::string(arp.substr(0, 28));
  record.size = record.bytes.size();
  if (arp.size() >= 28) {
    record.packet.source = Read32(arp, 14);
    record.packet.destination = Read32(arp, 24);
  }
  size_t& passed = arp_passed_[to_student ? 1 : 0];
  if (passed >= kMostArp) {
    record.fate = WireRecord::kRefused;
    record.why = WireRecord::kArpPastCap;
    if (!to_student) ++refused_, ++arp_refused_;
    Keep(std::move(record));
    return;
  }
  ++passed;
  size_t at = Keep(std::move(record));
  records_[at].written = true;
  records_[at].delivered = loop_.Now();
  Write(to_student, std::string(frame));  // a neighbour's question or answer: as it came
}

size_t IcmpWire::Keep(WireRecord r) {
  const bool refused = r.fate == WireRecord::kRefused;
  if (refused && refused_kept_ >= kMostRefusedKept) return SIZE_MAX;  // counted, not kept
  // Whole while the record's bound holds; then its headers alone; then none of its bytes
  // (a passed packet's fields, read before, stay: its verdict needs them).
  if (kept_bytes_ + Held(r) > kRecordBytes) {
    size_t head = r.ipv4() ? std::min(r.packet.header_length + 8, kHeadBytes) : 28;
    Shorten(&r, kept_bytes_ + head > kRecordBytes ? 0 : head);
  }
  if (refused && r.bytes.empty() && r.size > 0) return SIZE_MAX;
  kept_bytes_ += Held(r);
  refused_kept_ += refused;
  records_.push_back(std::move(r));
  return records_.size() - 1;
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
  record.size = ip.size();
  record.bytes = ip;
  if (packet) record.packet = *packet;
  WireRecord::Why why = WireRecord::kNotRefused;
  if (to_student) {
    if (!packet || packet->destination != student_) why = WireRecord::kOffPath;
  } else if (!packet || packet->source != student_ || !packet->icmp ||
             packet->icmp->type != icmp::kEchoRequest ||
             (!any_destination_ && std::find(path_addresses_.begin(), path_addresses_.end(),
                                             packet->destination) == path_addresses_.end())) {
    why = WireRecord::kOffPath;
  } else if (packet->header_length > 20) {
    // Source routes would steer it past the path, record route has routers write in it: a
    // ping needs none, and the wire passes plain echo requests only.
    why = WireRecord::kIpOptions;
  } else if (from_student_ >= kMostFromStudent) {
    why = WireRecord::kPastCap;
  }
  if (why != WireRecord::kNotRefused) {
    record.fate = WireRecord::kRefused;
    record.why = why;
    if (!to_student) ++refused_;
    // A flood is counted, not kept whole: the record's bounds (Keep).
    Keep(std::move(record));
    return;
  }
  size_t index = to_student ? to_student_++ : from_student_++;
  WireDecision d = plan_(*packet, to_student, index);
  record.answers = d.answers;
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
      made->size = made->bytes.size();
      made->packet = *icmp::Parse(made->bytes);
      Write(true, Frame(true, made->bytes));
    }
  }
  record.duplicated = d.duplicate;
  if (d.drop) {
    record.fate = WireRecord::kDropped;
    Keep(std::move(record));
    if (made) Keep(std::move(*made));  // after the request it came with
    return;
  }
  size_t at = Keep(std::move(record));
  if (made) Keep(std::move(*made));
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
  const icmp::Mac& to = to_student ? path_.student_mac() : path_.router_mac();
  const icmp::Mac& from = to_student ? path_.router_mac() : path_.student_mac();
  std::string frame(to.begin(), to.end());
  frame.append(from.begin(), from.end());
  frame += std::string("\x08\x00", 2);
  return frame + ip;
}

}  // namespace netgrade::icmp
