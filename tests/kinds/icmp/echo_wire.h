// A pinger's run on the wire, written request by request, for the tests of `expect:
// echo_requests` (echo_checks_test.cc, echo_replies_test.cc): wire records made by hand, and
// the plan that delays every reply by 20 ms.
#pragma once

#include <set>

#include "harness/kinds/icmp/echo_checks.h"
#include "harness/kinds/icmp/free_form.h"

namespace netgrade::icmp::echo_test {

using icmp::WireRecord;

constexpr uint32_t kStudent = 0x0a000002;      // 10.0.0.2
constexpr uint32_t kDestination = 0xcb007109;  // 203.0.113.9

// A run's wire, written request by request; the plan delays every reply by 20 ms.
class Wire {
 public:
  explicit Wire(icmp::IcmpFaults faults = Delay20()) : plan_(faults, {0x0a010101}, 1) {}

  static icmp::IcmpFaults Delay20() {
    icmp::IcmpFaults f;
    f.delay_min_ms = f.delay_max_ms = 20;
    return f;
  }
  TimePoint At(double ms) const {
    return t0_ + std::chrono::duration_cast<Clock::duration>(
                     std::chrono::duration<double, std::milli>(ms));
  }
  // An echo request seen at `ms`; its checksum spoilt when asked.
  void Request(double ms, uint16_t id, uint16_t seq, bool bad_checksum = false) {
    WireRecord r;
    r.seen = r.delivered = At(ms);
    r.bytes = icmp::Build(kStudent, kDestination, 64, icmp::kEchoRequest, 0, id, seq, "12345678");
    if (bad_checksum) std::swap(r.bytes[22], r.bytes[23]);
    r.packet = *icmp::Parse(r.bytes);
    plan_.Decide(r.packet, false, 0);
    records_.push_back(r);
  }
  // A reply seen at `ms` and written to the student at `delivered_ms`.
  WireRecord& Reply(double ms, double delivered_ms, uint16_t id, uint16_t seq,
                    WireRecord::Fate fate = WireRecord::kPassed) {
    WireRecord r;
    r.to_student = true;
    r.fate = fate;
    r.seen = At(ms);
    r.delivered = At(delivered_ms);
    r.written = fate != WireRecord::kDropped;
    r.bytes = icmp::Build(kDestination, kStudent, 63, icmp::kEchoReply, 0, id, seq, "12345678");
    r.packet = *icmp::Parse(r.bytes);
    r.answers = plan_.Decide(r.packet, true, 0).answers;  // as the wire asks its plan
    records_.push_back(r);
    return records_.back();
  }
  check::Finding Check(const std::string& out, int count = 4, bool round_trips = true,
                       double program_waited_ms = 0, const std::string& at_rest_in = "",
                       uint64_t own_echoes = 0, uint64_t own_bad_checksums = 0) {
    expect_.count = count;
    expect_.round_trips = round_trips;
    IcmpCase c;
    c.expect = &expect_;
    c.records = &records_;
    c.plan = &plan_;
    c.destination = "203.0.113.9";
    c.stdout_text = out;
    c.program_waited_ms = program_waited_ms;
    c.at_rest_in = at_rest_in;
    c.own_echoes = own_echoes;
    c.own_bad_checksums = own_bad_checksums;
    c.ended_quietly = ended_quietly;
    c.program = "ICMPPinger.py";
    return CheckEchoRequests(c);
  }
  std::vector<WireRecord>& records() { return records_; }
  bool ended_quietly = false;  // it exited 0, silent (IcmpCase::ended_quietly)
  // The expectation's other keys (free_form, any_sequence, keeps_pinging, pause_ms); Check
  // sets count and round_trips.
  spec::EchoRequests& expect() { return expect_; }

 private:
  TimePoint t0_ = Clock::now();
  std::vector<WireRecord> records_;
  icmp::IcmpPlan plan_;
  spec::EchoRequests expect_;
};

// Four requests answered after 20 ms each, one after the other's reply; seq in `order`.
inline void GoodRun(Wire* w, bool swapped = true) {
  for (uint16_t n = 1; n <= 4; ++n) {
    double at = (n - 1) * 30.0;
    uint16_t seq = swapped ? icmp::Swap16(n) : n;
    w->Request(at, 0x4242, seq);
    w->Reply(at + 0.1, at + 20.1, 0x4242, seq);
  }
}
inline const char* kGoodOut =
    "seq=1 time=20.3 ms\nseq=2 time=20.2 ms\nseq=3 time=20.4 ms\n"
    "seq=4 time=20.3 ms\n4 sent, 4 received, 0% loss\n";

// The textbook's pinger: sequence 1 on every request, 1 s of sleep after each answer, its own
// lines; four requests judged, a fifth that ended the case.
inline Wire Textbook(std::set<unsigned> lost = {}) {
  icmp::IcmpFaults f = Wire::Delay20();
  f.latest_answers = true;
  f.lost = lost;
  Wire w(f);
  w.expect().any_sequence = w.expect().keeps_pinging = w.expect().free_form = true;
  w.expect().pause_ms = 1000;
  double at = 0;
  for (unsigned n = 1; n <= 5; ++n) {
    w.Request(at, 0x4242, 0x0100);
    if (lost.count(n) == 0) w.Reply(at + 0.1, at + 20.1, 0x4242, 0x0100);
    at += lost.count(n) ? 2100 : 1020;  // 1 s of timeout, 1 s of sleep
  }
  return w;
}

}  // namespace netgrade::icmp::echo_test
