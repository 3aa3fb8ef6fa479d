// The checker behind CheckEchoRequests (echo_checks.h), in two files: the requests themselves
// (echo_checks.cc: none, invalid, a flood, their sequence numbers, a wait with no timeout) and
// what the program took for each reply (echo_replies.cc: one request at a time, the round trips
// it printed). Used by those two files alone.
#pragma once

#include <fmt/core.h>

#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "harness/kinds/icmp/echo_checks.h"
#include "harness/kinds/icmp/free_form.h"

namespace netgrade::icmp::echo {

using icmp::WireRecord;

inline double Ms(TimePoint from, TimePoint to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// Plain numbers read better for a beginner: "echo request 2".
inline std::string Request(size_t n) { return fmt::format("echo request {}", n); }

inline constexpr const char* kAdvice =
    "Check the identifier and the sequence number of every echo reply: skip one that is not "
    "the reply to the request awaited and keep waiting for it (at most 1 s in all).";

inline std::string Hex16(uint16_t v) { return fmt::format("0x{:04x}", v); }
inline std::string Bytes16(uint16_t v) { return fmt::format("{:02x} {:02x}", v >> 8, v & 0xff); }

inline std::string Capital(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

class Checker {
 public:
  explicit Checker(const IcmpCase& c);
  // The first thing wrong, in CheckEchoRequests's order (echo_checks.h).
  check::Finding Check();

 private:
  // The requests (echo_checks.cc).
  // Fewer requests than COUNT, the program at rest (blocked with no timeout: observe::Resting)
  // after a request whose reply the plan lost or held back: it would have waited forever.
  check::Finding WaitsWithoutTimeout() const;
  const icmp::IcmpHeader& Icmp(size_t n) const { return *records_[requests_[n - 1]].packet.icmp; }
  const WireRecord& Req(size_t n) const { return records_[requests_[n - 1]]; }
  // Requests its own kernel answered: to 127.0.0.1 or its own address, which never cross the
  // case's wire, so nothing the case does reaches them.
  check::Finding OwnHost() const;
  check::Finding NoRequest() const;
  check::Finding Valid(size_t n) const;
  // Only that many requests is sure to reach the wire: a flood overflows the kernel's queues
  // on the way, so the message names no count the wire saw as exact.
  check::Finding Flood() const;
  // Every request with one number (the textbook's skeleton packs a constant 1): the cause is
  // that it never changes, not the one request where it first differs from its place.
  check::Finding ConstantSequence() const;
  check::Finding Sequences() const;

  // What the program took for each reply (echo_replies.cc).
  // The first answer (echo reply or error) to request n written to the student, if any and
  // not held back as late; nullptr otherwise.
  const WireRecord* Answer(size_t n) const;
  check::Finding OneAtATime(size_t n) const;
  // Until when the program waited for request n's reply: the next request, or the end.
  TimePoint WaitEnd(size_t n) const;
  // What else reached the program while it waited for request n's reply, before `before`: a
  // reply it may have taken for this one, in words; "" when none.
  std::string TakenInstead(size_t n, TimePoint before) const;
  // `round_trips:` the lines 'seq=N time=T ms' it printed, against the wire.
  check::Finding RoundTrips() const;
  // `round_trips: free_form`: the k-th line about a request is request k's, whatever its
  // words; a time in ms or s (unwritten: whichever fits) within the bounds RoundTrips holds.
  check::Finding FreeFormRoundTrips() const;
  // A line of its output that names another ping's identifier (a reply it took, said in its
  // own words: "expected id=34183, but got 53458"); nullopt when none does.
  std::optional<check::Finding> LineAboutAnotherPing() const;
  // Line k about request k, for each judged request: the first that does not fit.
  check::Finding FreeFormInOrder(const std::vector<PrintedLine>& lines) const;
  // Its lines read one request late: the first request has no line (a warm-up ping it does not
  // print), and every line fits the request after its place closely (a timeout the one whose
  // reply never came, a time within a few ms of the wire's): said instead of the in-order
  // reading's first misfit. nullopt when they do not all fit so.
  std::optional<check::Finding> FirstRequestUnprinted(const std::vector<PrintedLine>& lines) const;

  const IcmpCase& c_;
  const std::vector<WireRecord>& records_;
  const icmp::IcmpPlan& plan_;
  std::vector<size_t> requests_, refused_;  // indexes into records_
  size_t judged_ = 0;                       // the first requests_ judged
};

}  // namespace netgrade::icmp::echo
