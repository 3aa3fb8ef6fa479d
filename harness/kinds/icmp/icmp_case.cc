#include "harness/kinds/icmp/icmp_case.h"

#include <fmt/core.h>

#include <algorithm>
#include <cerrno>

#include "harness/base/error.h"
#include "harness/kinds/icmp/echo_checks.h"
#include "harness/kinds/icmp/evidence.h"
#include "harness/kinds/icmp/layout.h"
#include "harness/kinds/icmp/own_echoes.h"
#include "harness/kinds/icmp/spec_parts.h"
#include "harness/kinds/icmp/wire_refusals.h"

namespace netgrade::icmp {
namespace {

// A packet the wire held this long or more says for how long (a plan's delay).
constexpr auto kShownDelay = std::chrono::microseconds(500);

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

check::CaseResult IcmpKindCase::Run(kinds::CaseHost& host) {
  const uint64_t seed = host.case_seed();
  const spec::IcmpPath& path = *PathOf(host.test());
  PathLayout layout = IcmpLayout(path, seed);
  std::string why;
  path_ = RouterPath::Create(layout, &why);
  if (!path_) throw SystemError("cannot make the case's path of routers (" + why + ")", EPERM);
  const spec::EchoRequests* echo = EchoRequestsOf(host.test().expect);
  IcmpFaults faults = IcmpFaultsOf(path);
  faults.latest_answers = echo && echo->any_sequence;
  plan_ = std::make_unique<IcmpPlan>(std::move(faults), HopNumbers(layout), seed);
  wire_ = std::make_unique<IcmpWire>(host.loop(), *path_,
                                     [this, &host](const Packet& p, bool to_student, size_t index) {
                                       if (!to_student) SampleProgramWait(host);
                                       return plan_->Decide(p, to_student, index);
                                     });
  if (path.any_destination) {
    // A name written in the program (google.com) is the destination's, as any address is.
    NetNamespace::Scope in_student(&path_->student());
    names_ = std::make_unique<sandbox::DnsAnswerer>(host.loop(), layout.destination);
  }
  // The program lives in the student's host of the path, and nowhere else.
  host.StartProgram(path_->student(), layout.destination);
  // A pinger that keeps pinging (`keeps_pinging`) is done with its first COUNT requests when
  // it sends the next: what it printed about them is final.
  const size_t done_after =
      echo && echo->keeps_pinging ? static_cast<size_t>(echo->count) : SIZE_MAX;
  // Settled when it has exited: a reply the wire still delays or holds reaches no one then.
  // Or at rest with nothing the wire will still write (a pinger blocked in recvfrom() with no
  // timeout after a lost reply; a reply held for its next request it will never send):
  // nothing will ever wake it, and the judge says where it waits, at once instead of at the
  // case's timeout.
  // And, where its echo requests are judged, once it has pinged its own computer (answered,
  // or dropped there for a wrong checksum): that leads their diagnosis whatever follows
  // (echo_checks.h). A traceroute may trace its own host and then the one it was given: it
  // goes on.
  // And once its first request is invalid (a wrong checksum, a code other than 0): that is
  // the diagnosis of its requests whatever follows (echo_checks.h, ttl_probes.h); or once two
  // went off its path and none on it (a host written in it: wire_refusals.h).
  const bool own_host_settles = echo != nullptr;
  const bool requests_judged = echo != nullptr || TtlProbesOf(host.test().expect) != nullptr;
  host.RunUntilSettled([this, &host, done_after, own_host_settles, requests_judged] {
    return host.ProgramFinished() || (wire_->delayed() == 0 && host.AtRest()) ||
           wire_->requests() > done_after ||
           (own_host_settles && ReadOwnHostIcmp(path_->student()).any()) ||
           (requests_judged &&
            (FirstRequestInvalid(wire_->records()) || PingsOnlyOffPath(wire_->records())));
  });
  check::CaseResult r = host.Finish();
  Describe(host, &r);
  host.WriteCapture(&r);
  return r;
}

std::shared_ptr<const observe::KindEvidence> IcmpKindCase::Evidence(kinds::CaseHost& host) const {
  auto e = std::make_shared<icmp::Evidence>();
  if (!wire_) return e;
  // The last look, while the program is alive.
  e->program_waited_ms = std::max(program_waited_ns_, host.ProgramRunDelayNs()) / 1e6;
  e->records = &wire_->records();
  e->plan = plan_.get();
  e->destination = path_->layout().destination;
  const OwnHostIcmp own = ReadOwnHostIcmp(path_->student());
  e->own_echoes = own.echoes_answered;
  e->own_bad_checksums = own.bad_checksums;
  return e;
}

size_t IcmpKindCase::ActivityMark() const { return wire_ ? wire_->records().size() : 0; }

void IcmpKindCase::OnProgramOutput(kinds::CaseHost& host) {
  // A line printed: a round trip it measured, and its clock read.
  SampleProgramWait(host);
}

void IcmpKindCase::SampleProgramWait(kinds::CaseHost& host) {
  // At most one look a millisecond: a flood of requests reads /proc no more often.
  TimePoint now = Clock::now();
  if (now - last_sample_ < std::chrono::milliseconds(1)) return;
  last_sample_ = now;
  program_waited_ns_ = std::max(program_waited_ns_, host.ProgramRunDelayNs());
}

void IcmpKindCase::Describe(kinds::CaseHost& host, check::CaseResult* r) const {
  r->fault_plan = "the path: " + DescribeIcmpPath(*PathOf(host.test()), path_->layout(), *plan_);
  r->transcript.push_back(r->fault_plan);
  r->events_from = "wire";
  r->crossed = "the wire (ICMP)";
  r->peer_names = "routers, destination";
  int index[2] = {0, 0};
  for (const WireRecord& w : wire_->records()) {
    check::TranscriptEvent e;
    e.t_ms = Ms(w.seen - host.start());
    e.direction = w.to_student ? "to_student" : "from_student";
    e.index = ++index[w.to_student ? 1 : 0];
    e.size = w.size;
    e.text = DiagramLabel(w);
    // The diagram's kinds (report/sequence_svg.cc): dropped, held, duplicated, delayed, passed.
    const bool delayed = w.fate == WireRecord::kPassed && !w.held && w.written &&
                         w.delivered - w.seen >= kShownDelay;
    e.action = w.fate == WireRecord::kDropped   ? "dropped"
               : w.fate == WireRecord::kRefused ? "refused"
               : w.fate == WireRecord::kMade    ? "made"
               : w.held                         ? "held"
               : w.duplicated                   ? "duplicated"
                                                : "passed";
    e.words = WireFate(w);
    if (delayed) e.words += fmt::format(", delayed {:.1f} ms", Ms(w.delivered - w.seen));
    r->transcript.push_back(fmt::format("{:8.1f} ms {} {} [{}]", e.t_ms, w.to_student ? "<-" : "->",
                                        DescribeRecord(w), e.words));
    // A held answer is drawn again where the wire let it go, late (the point of such a case).
    if (w.held && w.written) {
      check::TranscriptEvent released = e;
      released.t_ms = Ms(w.delivered - host.start());
      released.action = "released";
      released.words = "released late";
      r->events.push_back(std::move(released));
    }
    r->events.push_back(std::move(e));
  }
  // What the record's bounds left out, and what never reached the wire's reading.
  size_t kept_refused = 0;
  for (const WireRecord& w : wire_->records())
    kept_refused += !w.to_student && w.fate == WireRecord::kRefused;
  if (size_t more = wire_->refused() - kept_refused; more > 0)
    r->transcript.push_back(
        fmt::format("(and {} more frames from the program refused, counted, not recorded)", more));
  if (size_t dropped = wire_->kernel_dropped(); dropped > 0)
    r->transcript.push_back(
        fmt::format("(the kernel dropped {} frames before the wire read them: its queue of {} KiB "
                    "was full)",
                    dropped, IcmpWire::kReceiveBuffer / 1024));
}

}  // namespace netgrade::icmp
