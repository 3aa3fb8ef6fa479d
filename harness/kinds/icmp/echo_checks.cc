#include "harness/kinds/icmp/echo_checks.h"

#include <fmt/core.h>

#include <cmath>
#include <cstdlib>
#include <optional>
#include <regex>

#include "harness/base/text.h"
#include "harness/kinds/icmp/free_form.h"
#include "harness/kinds/icmp/wire_refusals.h"

namespace netgrade::icmp {

using check::Code;
using check::Finding;
using check::JoinParts;
namespace {

using icmp::WireRecord;

double Ms(TimePoint from, TimePoint to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// "1st", "2nd", ...: plain numbers read better for a beginner: "request 2".
std::string Request(size_t n) { return fmt::format("echo request {}", n); }

constexpr const char* kAdvice =
    "Check the identifier and the sequence number of every echo reply: skip one that is not "
    "the reply to the request awaited and keep waiting for it (at most 1 s in all).";

std::string Hex16(uint16_t v) { return fmt::format("0x{:04x}", v); }
std::string Bytes16(uint16_t v) { return fmt::format("{:02x} {:02x}", v >> 8, v & 0xff); }

class Checker {
 public:
  explicit Checker(const IcmpCase& c) : c_(c), records_(*c.records), plan_(*c.plan) {
    for (size_t i = 0; i < records_.size(); ++i) {
      const WireRecord& r = records_[i];
      if (r.to_student || !r.ipv4()) continue;
      if (r.fate == WireRecord::kRefused)
        refused_.push_back(i);
      else
        requests_.push_back(i);
    }
    // A program that keeps pinging is judged on its first COUNT requests.
    judged_ = requests_.size();
    if (c_.expect->keeps_pinging)
      judged_ = std::min(judged_, static_cast<size_t>(std::max(c_.expect->count, 0)));
  }

  Finding Check() {
    if (c_.own_echoes > 0) return OwnHost();
    if (requests_.empty()) return NoRequest();
    for (size_t n = 1; n <= judged_; ++n)
      if (Finding f = Valid(n); !f.ok()) return f;
    if (Finding f = Flood(); !f.ok()) return f;
    if (!c_.expect->any_sequence)
      if (Finding f = Sequences(); !f.ok()) return f;
    for (size_t n = 2; n <= judged_; ++n)
      if (Finding f = OneAtATime(n); !f.ok()) return f;
    if (Finding f = WaitsWithoutTimeout(); !f.ok()) return f;
    if (c_.expect->keeps_pinging && static_cast<int>(requests_.size()) < c_.expect->count)
      return {.code = Code::kRequestCount,
              .cause = fmt::format("Your program sent {} echo request{} and no more; this case "
                                   "judges its first {}: send one request a second until it is "
                                   "stopped.",
                                   requests_.size(), requests_.size() == 1 ? "" : "s",
                                   c_.expect->count)};
    if (!c_.expect->keeps_pinging && static_cast<int>(requests_.size()) != c_.expect->count)
      return {.code = Code::kRequestCount,
              .cause = fmt::format("Your program sent {} echo request{}; this case gave it COUNT "
                                   "{}: send exactly COUNT requests, numbered 1 to COUNT, whatever "
                                   "their answers.",
                                   requests_.size(), requests_.size() == 1 ? "" : "s",
                                   c_.expect->count)};
    if (c_.expect->free_form) return FreeFormRoundTrips();
    if (c_.expect->round_trips) return RoundTrips();
    return Finding::Ok();
  }

 private:
  // Fewer requests than COUNT, the program at rest (blocked with no timeout: observe::Resting)
  // after a request whose reply the plan lost or held back: it would have waited forever.
  Finding WaitsWithoutTimeout() const {
    const size_t n = requests_.size();
    if (c_.at_rest_in.empty() || n == 0 || c_.plan == nullptr ||
        static_cast<int>(n) >= c_.expect->count || c_.plan->AnswerPasses(static_cast<unsigned>(n)))
      return Finding::Ok();
    return {.code = Code::kNoReplyTimeout,
            .cause = fmt::format(
                "Your program waited in {}() for the reply to request {} with no timeout, and that "
                "reply never came (the network lost it or held it back): it would have waited "
                "forever.",
                c_.at_rest_in, n),
            .evidence = fmt::format("It sent {} of the case's COUNT {} echo requests.", n,
                                    c_.expect->count),
            .fix =
                "Wait at most 1 s for each reply: give the socket a timeout (sock.settimeout(1) "
                "in Python, select() with a 1 s timeout, or SO_RCVTIMEO in C); when it "
                "expires, print that request's timeout line and send the next request."};
  }

  const icmp::IcmpHeader& Icmp(size_t n) const { return *records_[requests_[n - 1]].packet.icmp; }
  const WireRecord& Req(size_t n) const { return records_[requests_[n - 1]]; }

  // Requests its own kernel answered: to 127.0.0.1 or its own address, which never cross the
  // case's wire, so nothing the case does reaches them.
  Finding OwnHost() const {
    return {.code = Code::kNoEchoRequest,
            .cause = fmt::format(
                "Your program pinged its own computer (127.0.0.1, localhost, or its own "
                "address): its own kernel answered at once, and no such request crossed the "
                "network to {}.",
                c_.destination),
            .evidence = requests_.empty()
                            ? "No echo request reached the case's network."
                            : fmt::format("{} other echo request{} did.", requests_.size(),
                                          requests_.size() == 1 ? "" : "s"),
            .fix =
                "Ping the host the program is given on its command line (sys.argv[1]), "
                "never your own computer."};
  }

  Finding NoRequest() const {
    if (std::optional<Finding> f = WhyNothingPassed(records_, c_.destination)) return *f;
    return {.code = Code::kNoEchoRequest,
            .cause = fmt::format("Your program sent no ICMP echo request to {}.", c_.destination),
            .fix =
                "Open a raw socket (socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)), build each echo "
                "request (type 8, code 0, checksum, identifier, sequence number) and send it "
                "to the host given as the first argument."};
  }

  Finding Valid(size_t n) const {
    const icmp::IcmpHeader& h = Icmp(n);
    if (h.code != 0)
      return {.code = Code::kBadEchoRequest,
              .cause = fmt::format("{} has code {}: an echo request is type 8 with code 0.",
                                   Capital(Request(n)), h.code)};
    if (!h.checksum_ok && !Req(n).whole())
      return {.code = Code::kBadChecksum,
              .cause = fmt::format(
                  "{} carries the checksum {} (bytes {} at offset 2 of its ICMP header), "
                  "which is wrong: the destination drops it, so it is never answered.",
                  Capital(Request(n)), Hex16(h.checksum), Bytes16(h.checksum))};
    if (!h.checksum_ok) {
      std::string message = Req(n).bytes.substr(Req(n).packet.header_length);
      std::string zeroed = message;
      zeroed[2] = zeroed[3] = '\0';
      uint16_t right = icmp::Checksum(zeroed);
      std::string mistake = icmp::ChecksumMistake(message);
      return {
          .code = Code::kBadChecksum,
          .cause = fmt::format("{} carries the checksum {} (bytes {} at offset 2 of its ICMP "
                               "header) where {} ({}) was due{}.",
                               Capital(Request(n)), Hex16(h.checksum), Bytes16(h.checksum),
                               Hex16(right), Bytes16(right), mistake.empty() ? "" : ": " + mistake),
          .evidence =
              "The destination drops a request whose checksum is wrong (routers pass it "
              "on: they check only the IP header's), so it is never answered.",
          .fix =
              "The checksum is the one's complement of the one's-complement sum of the whole "
              "ICMP message, header and data, as 16-bit words, summed with the checksum field "
              "0, and stored in network byte order."};
    }
    if (n > 1 && h.identifier != Icmp(1).identifier)
      return {.code = Code::kBadEchoRequest,
              .cause = fmt::format(
                  "{} has the identifier {}, and echo request 1 had {}: use one "
                  "identifier for the whole run (the process id & 0xffff, computed once).",
                  Capital(Request(n)), Hex16(h.identifier), Hex16(Icmp(1).identifier))};
    return Finding::Ok();
  }

  // Only that many requests is sure to reach the wire: a flood overflows the kernel's queues
  // on the way, so the message names no count the wire saw as exact.
  Finding Flood() const {
    const size_t count = static_cast<size_t>(c_.expect->count);
    if (requests_.size() < kFloodRequests || requests_.size() < 2 * count) return Finding::Ok();
    bool capped = requests_.size() >= icmp::kWireMostFromStudent;
    return {.code = Code::kRequestCount,
            .cause = fmt::format(
                "Your program sent at least {} echo requests{}, where this case gave it COUNT {}: "
                "that is a flood.",
                requests_.size(),
                capped ? " (the wire passes at most that many and refused the rest)" : "", count),
            .fix =
                "Send exactly COUNT requests, one at a time: each after the previous one's "
                "answer came or its 1 s timeout passed."};
  }

  // Every request with one number (the textbook's skeleton packs a constant 1): the cause is
  // that it never changes, not the one request where it first differs from its place.
  Finding ConstantSequence() const {
    if (judged_ < 2) return Finding::Ok();
    const uint16_t first = Icmp(1).sequence;
    for (size_t n = 2; n <= judged_; ++n)
      if (Icmp(n).sequence != first) return Finding::Ok();
    return {.code = Code::kWrongSequence,
            .cause = fmt::format("All {} echo requests carry the same sequence number, {} (bytes "
                                 "{}): it never changes.",
                                 judged_, first, Bytes16(first)),
            .fix =
                "Number the requests 1, 2, 3, ... in the order they are sent: pack the loop's "
                "counter where the sequence number goes, not a constant (the textbook's "
                "skeleton packs 1)."};
  }

  Finding Sequences() const {
    if (Finding constant = ConstantSequence(); !constant.ok()) return constant;
    std::optional<icmp::ByteOrder> order;
    size_t decided_at = 0;
    for (size_t n = 1; n <= judged_; ++n) {
      uint16_t seq = Icmp(n).sequence;
      icmp::ByteOrder o = icmp::SequenceOrder(seq, static_cast<unsigned>(n));
      if (o == icmp::ByteOrder::kNeither)
        return {.code = Code::kWrongSequence,
                .cause = fmt::format("{} carries the sequence number {} (bytes {}); request {}'s "
                                     "is {}: bytes {} in network byte order, or {} in the "
                                     "machine's.",
                                     Capital(Request(n)), seq, Bytes16(seq), n, n,
                                     Bytes16(static_cast<uint16_t>(n)),
                                     Bytes16(icmp::Swap16(static_cast<uint16_t>(n)))),
                .fix = "Number the requests 1, 2, 3, ... in the order they are sent."};
      if (o == icmp::ByteOrder::kBoth) continue;
      if (!order) {
        order = o;
        decided_at = n;
      } else if (*order != o) {
        auto words = [](icmp::ByteOrder b) {
          return b == icmp::ByteOrder::kNetwork ? "network byte order" : "the machine's order";
        };
        return {.code = Code::kWrongSequence,
                .cause = fmt::format("The sequence numbers are in a mixed byte order: echo "
                                     "request {}'s is in {} and echo request {}'s in {}.",
                                     decided_at, words(*order), n, words(o)),
                .fix =
                    "Either order is right, but pack every request the same way (struct.pack "
                    "with the same format, htons every time or never)."};
      }
    }
    return Finding::Ok();
  }

  // The first answer (echo reply or error) to request n written to the student, if any and
  // not held back as late; nullptr otherwise.
  const WireRecord* Answer(size_t n) const {
    const WireRecord* first = nullptr;
    for (const WireRecord& r : records_)
      if (r.to_student && r.fate == WireRecord::kPassed && !r.held && r.written && r.answers == n &&
          r.packet.icmp && (r.packet.icmp->type == icmp::kEchoReply || r.packet.quoted) &&
          (first == nullptr || r.delivered < first->delivered))
        first = &r;
    return first;
  }

  Finding OneAtATime(size_t n) const {
    const WireRecord& prev = Req(n - 1);
    const WireRecord& now = Req(n);
    const WireRecord* answer = Answer(n - 1);
    double gap = Ms(prev.seen, now.seen);
    if (answer != nullptr && answer->delivered <= now.seen) return Finding::Ok();
    if (gap < kLeastTimeoutMs) {
      // It went on at once: it took something else for the reply it waited for.
      if (std::string instead = TakenInstead(n - 1, now.seen); !instead.empty())
        return {.code = Code::kOtherReplyTaken,
                .cause = fmt::format("Your program sent echo request {} {:.1f} ms after echo "
                                     "request {}, before request {}'s answer came: what it took "
                                     "for that reply was {}.",
                                     n, gap, n - 1, n - 1, instead),
                .fix = kAdvice};
      std::string when = answer != nullptr
                             ? fmt::format(" (it came {:.1f} ms after request {} left)",
                                           Ms(prev.seen, answer->delivered), n - 1)
                             : "";
      return {.code = Code::kAllAtOnce,
              .cause = fmt::format("Your program sent echo request {} {:.1f} ms after echo "
                                   "request {}, before request {}'s answer came{} and before its "
                                   "1 s timeout: send one request, wait for its reply or for 1 s, "
                                   "then send the next.",
                                   n, gap, n - 1, n - 1, when),
              .evidence =
                  "Requests sent all at once and replies read afterwards print lines that "
                  "look right but measure nothing."};
    }
    if (gap > kMostTimeoutMs + c_.expect->pause_ms + c_.program_waited_ms)
      return {.code = Code::kSlowAfterTimeout,
              .cause =
                  fmt::format("Echo request {} got no answer, and your program waited {:.1f} s "
                              "before sending echo request {}: wait at most 1 s for a reply (a "
                              "timeout on the socket, such as settimeout(1) or select() with 1 s), "
                              "then print the timeout and go on.",
                              n - 1, gap / 1000, n)};
    return Finding::Ok();
  }

  // Until when the program waited for request n's reply: the next request, or the end.
  TimePoint WaitEnd(size_t n) const {
    return n < requests_.size() ? Req(n + 1).seen : TimePoint::max();
  }

  // What else reached the program while it waited for request n's reply, before `before`: a
  // reply it may have taken for this one, in words; "" when none.
  std::string TakenInstead(size_t n, TimePoint before) const {
    uint16_t own = Icmp(1).identifier;
    for (const WireRecord& r : records_) {
      if (!r.to_student || !r.written) continue;
      // A late reply is let go as the next request goes on: it counts from the request before.
      TimePoint from = r.held && n > 1 ? Req(n - 1).seen : Req(n).seen;
      if (r.delivered < from || r.delivered >= before) continue;
      if (!r.packet.icmp || r.packet.icmp->type != icmp::kEchoReply) continue;
      const icmp::IcmpHeader& h = *r.packet.icmp;
      if (h.identifier != own)
        return fmt::format(
            "the reply to another ping running on the same host (identifier {}, "
            "yours is {})",
            Hex16(h.identifier), Hex16(own));
      size_t answers = r.answers;
      if (answers != 0 && answers < n)
        return fmt::format(
            "the late reply to echo request {} (sequence number {}), which came "
            "after its timeout",
            answers, h.sequence);
    }
    // A second copy of the reply before: it came right after the first, during this wait.
    if (n > 1)
      for (const WireRecord& r : records_)
        if (r.to_student && r.duplicated && r.answers == n - 1)
          return fmt::format("the second copy of the reply to echo request {} (it came twice)",
                             n - 1);
    return "";
  }

  Finding RoundTrips() const {
    static const std::regex kLine(R"(seq=(\d+)\s+time=([0-9]+(?:\.[0-9]+)?)\s*ms)");
    // Each line's head alone (std::regex recurses along a long run of digits), and numbers
    // read without throwing (a hostile "seq=99999999999999999999").
    std::string out;
    for (const std::string& line : SplitLines(c_.stdout_text))
      out += line.substr(0, kReadChars) + "\n";
    for (std::sregex_iterator it(out.begin(), out.end(), kLine), end; it != end; ++it) {
      size_t n = std::strtoull((*it)[1].str().c_str(), nullptr, 10);
      double printed = std::strtod((*it)[2].str().c_str(), nullptr);
      if (n < 1 || n > judged_) continue;
      const WireRecord* answer = Answer(n);
      bool answered = answer != nullptr && answer->packet.icmp->type == icmp::kEchoReply &&
                      answer->delivered < WaitEnd(n);
      std::string line = (*it)[0].str();
      const char* advice = kAdvice;
      if (!answered) {
        std::string instead = TakenInstead(n, WaitEnd(n));
        return {.code = Code::kOtherReplyTaken,
                .cause = fmt::format(
                    "Your program printed '{}', but the reply to echo request {} never came{}{}.",
                    line, n, instead.empty() ? "" : ": what it took for it was ", instead),
                .fix = advice};
      }
      int delay = plan_.DelayMs(static_cast<unsigned>(n));
      double seen = Ms(Req(n).seen, answer->delivered);
      if (printed + 0.1 < delay) {
        // Taken instead only where the next request shows it went on before the real reply.
        std::string instead = n < requests_.size() && Req(n + 1).seen < answer->delivered
                                  ? TakenInstead(n, answer->delivered)
                                  : "";
        if (!instead.empty())
          return {.code = Code::kOtherReplyTaken,
                  .cause = fmt::format("Your program printed '{}', but the reply to echo request "
                                       "{} came {:.1f} ms after it: what it took for it was {}.",
                                       line, n, seen, instead),
                  .fix = advice};
        std::string seconds =
            std::abs(printed * 1000 - seen) <= 0.2 * seen + 2
                ? "It looks like seconds: print milliseconds (the difference of the two times "
                  "times 1000)."
            : printed < 1 ? "A time in seconds would print so: print milliseconds (times 1000)."
                          : "";
        return {.code = Code::kWrongRoundTrip,
                .cause = fmt::format("Your program printed '{}', but the reply to echo request {} "
                                     "was held back {} ms on the way by the grader: it cannot "
                                     "have taken less.",
                                     line, n, delay),
                .fix = JoinParts({"Measure the time right before sending the request and right "
                                  "after receiving its reply.",
                                  seconds})};
      }
      if (const double margin = kRttMarginMs + c_.program_waited_ms; printed > seen + margin)
        return {.code = Code::kWrongRoundTrip,
                .cause = fmt::format(
                    "Your program printed '{}', but the reply to echo request {} reached "
                    "it {:.1f} ms after the request left (more than {:.0f} ms over is "
                    "not a measurement): measure right before sending the request and "
                    "right after receiving its reply, in milliseconds.",
                    line, n, seen, margin)};
    }
    return Finding::Ok();
  }

  // `round_trips: free_form`: the k-th line about a request is request k's, whatever its
  // words; a time in ms or s (unwritten: whichever fits) within the bounds RoundTrips holds.
  Finding FreeFormRoundTrips() const {
    std::vector<PrintedLine> lines = FreeFormLines(c_.stdout_text, judged_);
    if (lines.size() < judged_)
      return {.code = Code::kWrongRoundTrip,
              .cause = fmt::format("Your program sent {} echo requests but printed {} line{} "
                                   "that show{} a round trip or a timeout: print one for each "
                                   "request, as its reply comes or its 1 s runs out.",
                                   judged_, lines.size(), lines.size() == 1 ? "" : "s",
                                   lines.size() == 1 ? "s" : "")};
    const size_t judged = judged_;
    for (size_t n = 1; n <= judged; ++n) {
      const PrintedLine& p = lines[n - 1];
      const WireRecord* answer = Answer(n);
      const bool answered = answer != nullptr && answer->packet.icmp->type == icmp::kEchoReply &&
                            answer->delivered < WaitEnd(n);
      if (p.timeout) {
        if (!answered) continue;
        return {.code = Code::kWrongRoundTrip,
                .cause = fmt::format("Your program's line about echo request {} is '{}', but "
                                     "its reply reached it {:.1f} ms after the request left.",
                                     n, p.line, Ms(Req(n).seen, answer->delivered)),
                .fix =
                    "Wait for the reply up to 1 s (a timeout on the socket, or select() "
                    "with the time left), and print its round trip when it comes."};
      }
      if (!answered) {
        std::string instead = TakenInstead(n, WaitEnd(n));
        return {.code = Code::kOtherReplyTaken,
                .cause = fmt::format("Your program's line about echo request {} is '{}', but "
                                     "the reply to that request never came{}{}.",
                                     n, p.line, instead.empty() ? "" : ": what it took for it was ",
                                     instead),
                .evidence =
                    "netgrade reads its lines in order: the first that shows a time or "
                    "a timeout is about request 1, the next about request 2, ...",
                .fix = kAdvice};
      }
      const int delay = plan_.DelayMs(static_cast<unsigned>(n));
      const double seen = Ms(Req(n).seen, answer->delivered);
      const double margin = kRttMarginMs + c_.program_waited_ms;
      auto fits = [&](double ms) { return ms + 0.1 >= delay && ms <= seen + margin; };
      const bool ok = p.unit == "ms"  ? fits(p.value)
                      : p.unit == "s" ? fits(p.value * 1000)
                                      : fits(p.value) || fits(p.value * 1000);
      if (ok) continue;
      // Read as the unit written, else as whichever of ms and s is nearer the wire's round trip.
      const double as_ms = p.unit == "s"    ? p.value * 1000
                           : p.unit == "ms" ? p.value
                           : std::abs(p.value - seen) <= std::abs(p.value * 1000 - seen)
                               ? p.value
                               : p.value * 1000;
      const char* kInOrder =
          "netgrade reads its lines in order: the first that shows a time or a timeout is about "
          "request 1, the next about request 2, ...";
      if (as_ms + 0.1 < delay) {
        if (std::string instead = TakenInstead(n, answer->delivered); !instead.empty())
          return {.code = Code::kOtherReplyTaken,
                  .cause = fmt::format("Your program's line about echo request {} is '{}', but "
                                       "the reply to it came {:.1f} ms after it left: what it "
                                       "took for it was {}.",
                                       n, p.line, seen, instead),
                  .fix = kAdvice};
        return {.code = Code::kWrongRoundTrip,
                .cause = fmt::format("Your program's line about echo request {} is '{}', but the "
                                     "grader held that reply back {} ms on the way: it cannot have "
                                     "taken less ({:.1f} ms as the wire saw it).",
                                     n, p.line, delay, seen),
                .evidence = kInOrder,
                .fix =
                    "Start the clock right before sending the request (the time packed in it, "
                    "or time.time() before sendto()) and stop it right after receiving its "
                    "reply."};
      }
      return {.code = Code::kWrongRoundTrip,
              .cause = fmt::format("Your program's line about echo request {} is '{}', but the "
                                   "reply to it reached the program {:.1f} ms after the request "
                                   "left: more than {:.0f} ms over, in milliseconds or in seconds, "
                                   "is not that round trip.",
                                   n, p.line, seen, margin),
              .evidence = kInOrder,
              .fix =
                  "Measure the time right before sending the request and right after "
                  "receiving its reply; print the difference."};
    }
    return Finding::Ok();
  }

  static std::string Capital(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
  }

  const IcmpCase& c_;
  const std::vector<WireRecord>& records_;
  const icmp::IcmpPlan& plan_;
  std::vector<size_t> requests_, refused_;  // indexes into records_
  size_t judged_ = 0;                       // the first requests_ judged
};

}  // namespace

Finding CheckEchoRequests(const IcmpCase& c) {
  if (c.expect == nullptr || c.records == nullptr || c.plan == nullptr) return Finding::Ok();
  return Checker(c).Check();
}

}  // namespace netgrade::icmp
