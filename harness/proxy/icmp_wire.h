// The wire between the student's host and the first router of a case's path (sandbox/
// router_path.h): a bridge in the grader, over packet sockets on the two ends of the link in
// the wire's namespace. Every frame that crosses is read here. An IPv4 packet passes only when
// it is an ICMP echo request from the student's address to an address of the path with a plain
// 20-byte header (no IP options), or anything to the student's address; at most
// kMostFromStudent requests from the student pass at all, and at most kMostArp ARP frames each
// way (the kernels asking for each other's link address). All else is refused and recorded:
// forged sources, other protocols, ICMP redirects, addresses outside the case, IP options, a
// frame past the link's MTU (a GSO super-frame of a packet socket: recorded by its headers
// alone), other link types. The record is bounded in bytes (kRecordBytes) as well as in frames.
// What does pass meets the case's plan (proxy/icmp_plan.h): dropped, delayed, doubled, held back
// until the student's next request, or preceded by a reply of another identifier the wire
// makes itself.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/base/fd.h"
#include "harness/base/icmp.h"
#include "harness/sandbox/router_path.h"

namespace netgrade::proxy {

// What the wire does with one IPv4 packet that may pass.
struct WireDecision {
  bool drop = false;
  Clock::duration delay{};
  bool duplicate = false;  // a second copy right after the first
  // Towards the student: kept until the student sends its next request (or the wire is asked
  // for what it holds), then delivered just before that request goes on: "late".
  bool hold_until_next_request = false;
  // From the student (an echo request): first an echo reply with another identifier (this
  // one's xor 0x5555) and the same sequence and data, from the destination, as if a second
  // ping ran on the same host.
  bool answer_other_identifier = false;
};

// Decides for the index-th packet going `to_student` (or from), read as `packet`. A pure
// function of its arguments and the case's seed: the verdict follows.
using WirePlan =
    std::function<WireDecision(const icmp::Packet& packet, bool to_student, size_t index)>;

struct WireRecord {
  enum Fate { kPassed, kDropped, kRefused, kMade };
  // Why a frame was refused (kRefused only).
  enum Why {
    kNotRefused,
    kOffPath,     // not an echo request from the student's address to the path, or not to it
    kPastCap,     // past kMostFromStudent requests
    kIpOptions,   // an echo request whose IPv4 header carries options
    kPastMtu,     // larger than the link's MTU: kept by its headers alone
    kArpPastCap,  // past kMostArp ARP frames in its direction
    kNotIp,       // neither IPv4 nor ARP (IPv6, 802.1Q, ...): counted, its headers kept
  };
  TimePoint seen;        // reached the wire, by the kernel's stamp (kMade: when made)
  TimePoint delivered;   // written on (kPassed, kMade); the first copy's
  bool written = false;  // delivered is set: not dropped, nor still delayed or held
  bool to_student = false;
  Fate fate = kPassed;
  Why why = kNotRefused;
  bool duplicated = false;
  bool held = false;
  uint16_t ethertype = 0x0800;  // 0x0800 IPv4, 0x0806 ARP, or another link type
  uint16_t mtu = 0;             // kPastMtu: the link's
  size_t size = 0;              // the packet's size on the wire (Ethernet's header not counted)
  // The IPv4 packet (ARP: its message; another type: the frame), or its first bytes alone
  // when the whole would pass the record's bound (size says how long it was).
  std::string bytes;
  icmp::Packet packet;  // ARP: source and destination are the sender's and target's addresses

  bool ipv4() const { return ethertype == 0x0800; }
  bool arp() const { return ethertype == 0x0806; }
  bool whole() const { return bytes.size() >= size; }
};

class IcmpWire {
 public:
  static constexpr size_t kMostFromStudent = 2000;
  // ARP frames passed each way: a correct program's kernel asks for the router's address a few
  // times a case, and answers the router's questions as often.
  static constexpr size_t kMostArp = 64;
  // The bytes the record keeps of the packets it saw, at most (the bound of a peer's record:
  // peers::kRecordBytes); past it a record keeps the headers alone, then nothing of its bytes.
  static constexpr size_t kRecordBytes = 4u << 20;
  // Refused frames recorded, at most; the rest are counted.
  static constexpr size_t kMostRefusedKept = 2000;
  // Each packet socket's receive queue, whatever the machine's default (rmem_default), so that
  // what a program can queue on the wire does not vary with it; a grader without CAP_NET_ADMIN
  // of the machine gets at most rmem_max. Frames past it are dropped by the kernel and counted
  // (kernel_dropped()), never kept.
  static constexpr int kReceiveBuffer = 1 << 20;

  // Opens the packet sockets (in the path's wire namespace) and starts carrying frames on
  // `loop`. Throws SystemError when the kernel refuses.
  IcmpWire(EventLoop& loop, const sandbox::RouterPath& path, WirePlan plan);
  ~IcmpWire();
  IcmpWire(const IcmpWire&) = delete;
  IcmpWire& operator=(const IcmpWire&) = delete;

  // Every IPv4 and ARP packet kept, in the order seen (made ones where made).
  const std::vector<WireRecord>& records() const { return records_; }
  // Packets still to be written (delayed or held): the case is not settled while some are.
  size_t in_flight() const { return in_flight_ + held_.size(); }
  // Frames from the student refused (for any reason of WireRecord::Why), kept or not.
  size_t refused() const { return refused_; }
  // ARP frames from the student refused past kMostArp.
  size_t arp_refused() const { return arp_refused_; }
  // Frames the kernel dropped before the wire read them (its queue full), both sides.
  size_t kernel_dropped();
  // The bytes of packets the record holds (at most kRecordBytes).
  size_t record_bytes() const { return kept_bytes_; }
  size_t mtu() const { return mtu_; }

 private:
  void Read(bool from_student_side);
  // `arrived`: when the frame reached the wire (the kernel's stamp), its record's seen.
  void Carry(std::string frame, bool to_student, TimePoint arrived);
  void CarryArp(std::string_view frame, bool to_student, TimePoint arrived);
  // A frame refused by its first bytes (`ethertype`, as Read read it): past the MTU, or of
  // another link type.
  void RefuseFrame(std::string_view frame, uint16_t ethertype, size_t size, bool to_student,
                   TimePoint arrived, WireRecord::Why why);
  // Keeps `r` within the record's bounds; its index, or SIZE_MAX when only counted.
  size_t Keep(WireRecord r);
  void Write(bool to_student, const std::string& frame);
  void Deliver(size_t record, std::string frame, bool to_student, bool twice);
  void ReleaseHeld();
  std::string Frame(bool to_student, const std::string& ip) const;

  EventLoop& loop_;
  const sandbox::RouterPath& path_;
  WirePlan plan_;
  uint32_t student_ = 0;
  std::vector<uint32_t> path_addresses_;
  Fd student_side_, router_side_;  // packet sockets on "ngs" and "ngr"
  size_t mtu_ = 1500;
  std::vector<WireRecord> records_;
  size_t from_student_ = 0, to_student_ = 0, refused_ = 0, in_flight_ = 0;
  size_t arp_passed_[2] = {0, 0}, arp_refused_ = 0;  // [to_student]
  size_t kept_bytes_ = 0, refused_kept_ = 0, kernel_dropped_ = 0;
  std::vector<uint64_t> timers_;
  std::vector<std::pair<size_t, std::string>> held_;  // record, frame
};

}  // namespace netgrade::proxy
