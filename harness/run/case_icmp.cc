// A case of an ICMP lab (protocol: icmp): its path of routers and wire (sandbox/router_path.h,
// proxy/icmp_wire.h), the program started in the student's host there, run until it exits;
// the verdict as for any case (case_verdict.cc), the wire's record as its transcript.
#include <fmt/core.h>

#include <algorithm>
#include <cerrno>

#include "harness/base/error.h"
#include "harness/base/seed.h"
#include "harness/run/case_run.h"
#include "harness/run/icmp_layout.h"
#include "harness/sandbox/netns.h"

namespace netgrade::run::case_internal {
namespace {

// A packet the wire held this long or more says for how long (a plan's delay).
constexpr auto kShownDelay = std::chrono::microseconds(500);

}  // namespace

check::CaseResult CaseRun::RunIcmp() {
  deadline_.emplace(start_, std::chrono::milliseconds(obs_.timeout_ms));
  const uint64_t seed = plan::CaseSeed(plan_.run_seed, test_.name);
  const spec::IcmpPath& path = *test_.path;
  sandbox::PathLayout layout = IcmpLayout(path, seed);
  std::string why;
  icmp_path_ = sandbox::RouterPath::Create(layout, &why);
  if (!icmp_path_) throw SystemError("cannot make the case's path of routers (" + why + ")", EPERM);
  icmp_plan_ = std::make_unique<plan::IcmpPlan>(IcmpFaultsOf(path), HopNumbers(layout), seed);
  icmp_wire_ = std::make_unique<proxy::IcmpWire>(
      loop_, *icmp_path_, [this](const icmp::Packet& p, bool to_student, size_t index) {
        if (!to_student) SampleProgramWait();
        return icmp_plan_->Decide(p, to_student, index);
      });
  if (!options_.capture_file.empty())
    capture_ = std::make_unique<CaseCapture>(icmp_path_->student());
  {
    // The program lives in the student's host of the path, and nowhere else.
    sandbox::NetNamespace::Scope in_student(&icmp_path_->student());
    StartProgram(layout.destination);
  }
  stdout_dirty_ = true;
  // Settled when it has exited: a reply the wire still delays or holds reaches no one then.
  // Or at rest with nothing the wire will still write (a pinger blocked in recvfrom() with no
  // timeout after a lost reply; a reply held for its next request it will never send):
  // nothing will ever wake it, and the judge says where it waits, at once instead of at the
  // case's timeout.
  obs_.timed_out = !RunUntilDeadline(
      [this] { return process_->finished() || (icmp_wire_->delayed() == 0 && AtRest()); });
  check::CaseResult r = Finish();
  DescribeIcmp(&r);
  WriteCapture(&r);
  return r;
}

void CaseRun::SampleProgramWait() {
  // At most one look a millisecond: a flood of requests reads /proc no more often.
  TimePoint now = Clock::now();
  if (!process_ || now - icmp_last_sample_ < std::chrono::milliseconds(1)) return;
  icmp_last_sample_ = now;
  icmp_program_waited_ns_ = std::max(icmp_program_waited_ns_, ProgramRunDelayNs());
}

void CaseRun::DescribeIcmp(check::CaseResult* r) const {
  r->fault_plan = "the path: " + DescribeIcmpPath(*test_.path, icmp_path_->layout(), *icmp_plan_);
  r->transcript.push_back(r->fault_plan);
  r->events_from = "wire";
  int index[2] = {0, 0};
  for (const proxy::WireRecord& w : icmp_wire_->records()) {
    check::TranscriptEvent e;
    e.t_ms = Ms(w.seen - start_);
    e.direction = w.to_student ? "to_student" : "from_student";
    e.index = ++index[w.to_student ? 1 : 0];
    e.size = w.size;
    e.text = DescribeRecord(w);
    // The diagram's kinds (report/sequence_svg.cc): dropped, held, duplicated, delayed, passed.
    const bool delayed = w.fate == proxy::WireRecord::kPassed && !w.held && w.written &&
                         w.delivered - w.seen >= kShownDelay;
    e.action = w.fate == proxy::WireRecord::kDropped   ? "dropped"
               : w.fate == proxy::WireRecord::kRefused ? "refused"
               : w.fate == proxy::WireRecord::kMade    ? "made"
               : w.held                                ? "held"
               : w.duplicated                          ? "duplicated"
                                                       : "passed";
    e.words = WireFate(w);
    if (delayed) e.words += fmt::format(", delayed {:.1f} ms", Ms(w.delivered - w.seen));
    r->transcript.push_back(
        fmt::format("{:8.1f} ms {} {} [{}]", e.t_ms, w.to_student ? "<-" : "->", e.text, e.words));
    r->events.push_back(std::move(e));
  }
  // What the record's bounds left out, and what never reached the wire's reading.
  size_t kept_refused = 0;
  for (const proxy::WireRecord& w : icmp_wire_->records())
    kept_refused += !w.to_student && w.fate == proxy::WireRecord::kRefused;
  if (size_t more = icmp_wire_->refused() - kept_refused; more > 0)
    r->transcript.push_back(
        fmt::format("(and {} more frames from the program refused, counted, not recorded)", more));
  if (size_t dropped = icmp_wire_->kernel_dropped(); dropped > 0)
    r->transcript.push_back(
        fmt::format("(the kernel dropped {} frames before the wire read them: its queue of {} KiB "
                    "was full)",
                    dropped, proxy::IcmpWire::kReceiveBuffer / 1024));
}

}  // namespace netgrade::run::case_internal
