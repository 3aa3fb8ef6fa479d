// The wire between the student's host and the first router of a case's path (sandbox/
// router_path.h): a bridge in the grader, over packet sockets on the two ends of the link in
// the wire's namespace. Every frame that crosses is read here. ARP passes; an IPv4 packet
// passes only when it is an ICMP echo request from the student's address to an address of the
// path, or anything to the student's address; all else (forged sources, other protocols, ICMP
// redirects, addresses outside the case) is refused and recorded, and at most kMostFromStudent
// packets from the student pass at all. What does pass meets the case's plan (proxy/
// icmp_plan.h): dropped, delayed, doubled, held back until the student's next request, or
// preceded by a reply of another identifier the wire makes itself.
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
  TimePoint seen;        // reached the wire, by the kernel's stamp (kMade: when made)
  TimePoint delivered;   // written on (kPassed, kMade); the first copy's
  bool written = false;  // delivered is set: not dropped, nor still delayed or held
  bool to_student = false;
  Fate fate = kPassed;
  bool duplicated = false;
  bool held = false;
  std::string bytes;  // the IPv4 packet
  icmp::Packet packet;
};

class IcmpWire {
 public:
  static constexpr size_t kMostFromStudent = 2000;

  // Opens the packet sockets (in the path's wire namespace) and starts carrying frames on
  // `loop`. Throws SystemError when the kernel refuses.
  IcmpWire(EventLoop& loop, const sandbox::RouterPath& path, WirePlan plan);
  ~IcmpWire();
  IcmpWire(const IcmpWire&) = delete;
  IcmpWire& operator=(const IcmpWire&) = delete;

  // Every IPv4 packet seen, in the order seen (made ones where made).
  const std::vector<WireRecord>& records() const { return records_; }
  // Packets still to be written (delayed or held): the case is not settled while some are.
  size_t in_flight() const { return in_flight_ + held_.size(); }
  // Frames from the student refused for being outside the path or past the cap.
  size_t refused() const { return refused_; }

 private:
  void Read(bool from_student_side);
  // `arrived`: when the frame reached the wire (the kernel's stamp), its record's seen.
  void Carry(std::string frame, bool to_student, TimePoint arrived);
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
  std::vector<WireRecord> records_;
  size_t from_student_ = 0, to_student_ = 0, refused_ = 0, in_flight_ = 0;
  std::vector<uint64_t> timers_;
  std::vector<std::pair<size_t, std::string>> held_;  // record, frame
};

}  // namespace netgrade::proxy
