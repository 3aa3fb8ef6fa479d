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
// What does pass meets the case's plan (kinds/icmp/fault_plan.h): dropped, delayed, doubled, held
// back until the student's next request, or preceded by a reply of another identifier the wire
// makes itself.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/base/fd.h"
#include "harness/kinds/icmp/fault_plan.h"
#include "harness/kinds/icmp/packet.h"
#include "harness/kinds/icmp/router_path.h"
#include "harness/kinds/icmp/wire_record.h"

namespace netgrade::icmp {

using sandbox::NetNamespace;

// The plan the wire carries out (kinds/icmp/fault_plan.h).

class IcmpWire {
 public:
  static constexpr size_t kMostFromStudent = kWireMostFromStudent;
  static constexpr size_t kMostArp = kWireMostArp;
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
  IcmpWire(EventLoop& loop, const icmp::RouterPath& path, WirePlan plan);
  ~IcmpWire();
  IcmpWire(const IcmpWire&) = delete;
  IcmpWire& operator=(const IcmpWire&) = delete;

  // Every IPv4 and ARP packet kept, in the order seen (made ones where made).
  const std::vector<WireRecord>& records() const { return records_; }
  // Packets still to be written (delayed or held): the case is not settled while some are.
  size_t in_flight() const { return in_flight_ + held_.size(); }
  // Packets a timer of the wire will still write (delayed): held ones wait for the program's
  // next request, which a program at rest never sends.
  size_t delayed() const { return in_flight_; }
  // Echo requests from the student passed to the plan so far.
  size_t requests() const { return from_student_; }
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
  const icmp::RouterPath& path_;
  WirePlan plan_;
  uint32_t student_ = 0;
  std::vector<uint32_t> path_addresses_;
  bool any_destination_ = false;   // an echo request to any address passes (PathLayout's)
  Fd student_side_, router_side_;  // packet sockets on "ngs" and "ngr"
  size_t mtu_ = 1500;
  std::vector<WireRecord> records_;
  size_t from_student_ = 0, to_student_ = 0, refused_ = 0, in_flight_ = 0;
  size_t arp_passed_[2] = {0, 0}, arp_refused_ = 0;  // [to_student]
  size_t kept_bytes_ = 0, refused_kept_ = 0, kernel_dropped_ = 0;
  std::vector<uint64_t> timers_;
  std::vector<std::pair<size_t, std::string>> held_;  // record, frame
};

}  // namespace netgrade::icmp
