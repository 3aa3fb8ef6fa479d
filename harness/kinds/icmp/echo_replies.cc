// What the program took for each request's reply: one request at a time (the next only after
// the answer or the timeout), and the round trips it printed against the wire's.
#include <fmt/core.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <regex>
#include <set>

#include "harness/base/text.h"
#include "harness/kinds/icmp/codes.h"
#include "harness/kinds/icmp/echo_checker.h"
#include "harness/kinds/icmp/free_form.h"

namespace netgrade::icmp::echo {

using check::Code;
using check::Finding;
using check::JoinParts;

const WireRecord* Checker::Answer(size_t n) const {
  const WireRecord* first = nullptr;
  for (const WireRecord& r : records_)
    if (r.to_student && r.fate == WireRecord::kPassed && !r.held && r.written && r.answers == n &&
        r.packet.icmp && (r.packet.icmp->type == icmp::kEchoReply || r.packet.quoted) &&
        (first == nullptr || r.delivered < first->delivered))
      first = &r;
  return first;
}

Finding Checker::OneAtATime(size_t n) const {
  const WireRecord& prev = Req(n - 1);
  const WireRecord& now = Req(n);
  const WireRecord* answer = Answer(n - 1);
  double gap = Ms(prev.seen, now.seen);
  if (answer != nullptr && answer->delivered <= now.seen) return Finding::Ok();
  if (gap < kLeastTimeoutMs) {
    // It went on at once: it took something else for the reply it waited for.
    if (std::string instead = TakenInstead(n - 1, now.seen); !instead.empty())
      return {.code = icmp::Codes::kOtherReplyTaken,
              .cause = check::Say("Your program sent echo request {} {:.1f} ms after echo "
                                  "request {}, before request {}'s answer came: what it took "
                                  "for that reply was {}.",
                                  n, gap, n - 1, n - 1, instead),
              .fix = kAdvice};
    std::string when = answer != nullptr ? fmt::format(" (it came {:.1f} ms after request {} left)",
                                                       Ms(prev.seen, answer->delivered), n - 1)
                                         : "";
    return {.code = icmp::Codes::kAllAtOnce,
            .cause = check::Say("Your program sent echo request {} {:.1f} ms after echo "
                                "request {}, before request {}'s answer came{} and before its "
                                "1 s timeout: send one request, wait for its reply or for 1 s, "
                                "then send the next.",
                                n, gap, n - 1, n - 1, when),
            .evidence =
                "Requests sent all at once and replies read afterwards print lines that "
                "look right but measure nothing."};
  }
  if (gap > kMostTimeoutMs + c_.expect->pause_ms + c_.program_waited_ms)
    return {
        .code = icmp::Codes::kSlowAfterTimeout,
        .cause = check::Say("Echo request {} got no answer, and your program waited {:.1f} s "
                            "before sending echo request {}: wait at most 1 s for a reply (a "
                            "timeout on the socket, such as settimeout(1) or select() with 1 s), "
                            "then print the timeout and go on.",
                            n - 1, gap / 1000, n)};
  return Finding::Ok();
}

TimePoint Checker::WaitEnd(size_t n) const {
  return n < requests_.size() ? Req(n + 1).seen : TimePoint::max();
}

std::string Checker::TakenInstead(size_t n, TimePoint before) const {
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

Finding Checker::RoundTrips() const {
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
      return {.code = icmp::Codes::kOtherReplyTaken,
              .cause = check::Say(
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
        return {.code = icmp::Codes::kOtherReplyTaken,
                .cause = check::Say("Your program printed '{}', but the reply to echo request "
                                    "{} came {:.1f} ms after it: what it took for it was {}.",
                                    line, n, seen, instead),
                .fix = advice};
      std::string seconds =
          std::abs(printed * 1000 - seen) <= 0.2 * seen + 2
              ? "It looks like seconds: print milliseconds (the difference of the two times "
                "times 1000)."
          : printed < 1 ? "A time in seconds would print so: print milliseconds (times 1000)."
                        : "";
      return {.code = icmp::Codes::kWrongRoundTrip,
              .cause = check::Say("Your program printed '{}', but the reply to echo request {} "
                                  "was held back {} ms on the way by the grader: it cannot "
                                  "have taken less.",
                                  line, n, delay),
              .fix = JoinParts({"Measure the time right before sending the request and right "
                                "after receiving its reply.",
                                seconds})};
    }
    if (const double margin = kRttMarginMs + c_.program_waited_ms; printed > seen + margin)
      return {
          .code = icmp::Codes::kWrongRoundTrip,
          .cause = check::Say("Your program printed '{}', but the reply to echo request {} reached "
                              "it {:.1f} ms after the request left (more than {:.0f} ms over is "
                              "not a measurement): measure right before sending the request and "
                              "right after receiving its reply, in milliseconds.",
                              line, n, seen, margin)};
  }
  return Finding::Ok();
}

std::optional<Finding> Checker::FirstRequestUnprinted(const std::vector<PrintedLine>& lines) const {
  // Lines 1 to judged_ - 1 against requests 2 to judged_: the case may end before the last
  // line's request has its answer. Two lines at least, so that chance does not decide.
  if (judged_ < 3 || lines.size() + 1 < judged_) return std::nullopt;
  // How far line `p` is from request n's round trip (its own reply: another ping's, made to
  // come first, is none), in ms; a timeout line and an unanswered request agree (0), a
  // timeout line and an answer, or a time and no answer, are far apart (1 s).
  auto distance = [&](const PrintedLine& p, size_t n, double* round_trip = nullptr) {
    const WireRecord* answer = nullptr;
    for (const WireRecord& r : records_)
      if (r.to_student && r.fate == WireRecord::kPassed && !r.held && r.written && r.answers == n &&
          r.packet.icmp && r.packet.icmp->type == icmp::kEchoReply &&
          r.packet.icmp->identifier == Icmp(n).identifier &&
          (answer == nullptr || r.delivered < answer->delivered))
        answer = &r;
    const bool answered = answer != nullptr && answer->delivered < WaitEnd(n);
    if (p.timeout || !answered) return p.timeout != answered ? 0.0 : 1000.0;
    const double seen = Ms(Req(n).seen, answer->delivered);
    if (round_trip) *round_trip = seen;
    const double ms = std::abs(p.value - seen), s = std::abs(p.value * 1000 - seen);
    return p.unit == "ms" ? ms : p.unit == "s" ? s : std::min(ms, s);
  };
  // Each line close to the request after its place (within 10 ms or half its round trip,
  // whichever is more, and the time it waited for a CPU), and the lines together far closer so
  // than in order: a load that stretches every time the program measured moves both readings
  // alike.
  double shifted = 0, in_order = 0;
  for (size_t n = 2; n <= judged_; ++n) {
    const PrintedLine& p = lines[n - 2];
    // A measured time has a unit or a fraction: a whole number alone ("4 Continents x 4
    // Pings", "Type is not 0") is a heading's or a field's, too weak to move every line.
    if (!p.timeout && p.unit.empty() && p.line.find('.') == std::string::npos) return std::nullopt;
    double round_trip = 0;
    const double d = distance(p, n, &round_trip);
    if (d > std::max(10.0, round_trip / 2) + c_.program_waited_ms) return std::nullopt;
    shifted += d;
    in_order += distance(p, n - 1);
  }
  if (shifted * 2 >= in_order) return std::nullopt;
  return Finding{
      .code = icmp::Codes::kWrongRoundTrip,
      .cause = check::Say("Your program printed no line about its first echo request: each of "
                          "its lines is about the request after it (its first line, '{}', is "
                          "request 2's round trip, the next request 3's, ...).",
                          lines[0].line),
      .evidence =
          "netgrade reads its lines in order: the first that shows a time or a timeout is about "
          "request 1, the next about request 2, ...",
      .fix =
          "Print a line for every request the program sends, the first included (a request sent "
          "before the loop, to warm up, is a request too)."};
}

std::optional<Finding> Checker::LineAboutAnotherPing() const {
  const uint16_t own = Icmp(1).identifier;
  // Another ping's identifier and the program's own, as the program would print them: in
  // either byte order (it unpacks with its machine's, "bbHHh", or the network's).
  std::set<std::pair<uint16_t, uint16_t>> others;
  for (const WireRecord& r : records_)
    if (r.to_student && r.written && r.packet.icmp && r.packet.icmp->type == icmp::kEchoReply &&
        r.packet.icmp->identifier != own) {
      others.insert({r.packet.icmp->identifier, own});
      others.insert({icmp::Swap16(r.packet.icmp->identifier), icmp::Swap16(own)});
    }
  if (others.empty()) return std::nullopt;
  // The identifier as a whole word: "got 53458", "id 0xd0d2".
  auto names = [](const std::string& line, const std::string& word) {
    for (size_t at = line.find(word); at != std::string::npos; at = line.find(word, at + 1)) {
      const size_t end = at + word.size();
      if ((at == 0 || !std::isalnum(static_cast<unsigned char>(line[at - 1]))) &&
          (end == line.size() || !std::isalnum(static_cast<unsigned char>(line[end]))))
        return true;
    }
    return false;
  };
  for (const std::string& line : SplitLines(c_.stdout_text.substr(0, 1 << 16)))
    for (const auto& [id, mine] : others)
      if (names(line, std::to_string(id)) || names(AsciiLower(line), Hex16(id)))
        return Finding{
            .code = icmp::Codes::kOtherReplyTaken,
            .cause = check::Say("Your program printed '{}' about the reply to another ping "
                                "running on the same host (identifier {}, {}; yours is {}, {}), "
                                "instead of waiting for its own reply, which came right after.",
                                line.size() > 120 ? line.substr(0, 117) + "..." : line, id,
                                Hex16(id), mine, Hex16(mine)),
            .fix = kAdvice};
  return std::nullopt;
}

Finding Checker::FreeFormRoundTrips() const {
  std::vector<PrintedLine> lines = FreeFormLines(c_.stdout_text, judged_);
  // One line short, as a program that never prints its first request is when the case ends.
  if (lines.size() < judged_)
    if (std::optional<Finding> one_off = FirstRequestUnprinted(lines)) return *one_off;
  // Lines about another ping's replies in place of its own round trips.
  if (lines.size() < judged_)
    if (std::optional<Finding> other = LineAboutAnotherPing()) return *other;
  if (lines.size() < judged_)
    return {.code = icmp::Codes::kWrongRoundTrip,
            .cause = check::Say("Your program sent {} echo requests but printed {} line{} "
                                "that show{} a round trip or a timeout: print one for each "
                                "request, as its reply comes or its 1 s runs out.",
                                judged_, lines.size(), lines.size() == 1 ? "" : "s",
                                lines.size() == 1 ? "s" : "")};
  Finding in_order = FreeFormInOrder(lines);
  if (!in_order.ok())
    if (std::optional<Finding> one_off = FirstRequestUnprinted(lines)) return *one_off;
  return in_order;
}

Finding Checker::FreeFormInOrder(const std::vector<PrintedLine>& lines) const {
  const size_t judged = judged_;
  for (size_t n = 1; n <= judged; ++n) {
    const PrintedLine& p = lines[n - 1];
    const WireRecord* answer = Answer(n);
    const bool answered = answer != nullptr && answer->packet.icmp->type == icmp::kEchoReply &&
                          answer->delivered < WaitEnd(n);
    if (p.timeout) {
      if (!answered) continue;
      return {.code = icmp::Codes::kWrongRoundTrip,
              .cause = check::Say("Your program's line about echo request {} is '{}', but "
                                  "its reply reached it {:.1f} ms after the request left.",
                                  n, p.line, Ms(Req(n).seen, answer->delivered)),
              .fix =
                  "Wait for the reply up to 1 s (a timeout on the socket, or select() "
                  "with the time left), and print its round trip when it comes."};
    }
    if (!answered) {
      std::string instead = TakenInstead(n, WaitEnd(n));
      return {.code = icmp::Codes::kOtherReplyTaken,
              .cause = check::Say("Your program's line about echo request {} is '{}', but "
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
        return {.code = icmp::Codes::kOtherReplyTaken,
                .cause = check::Say("Your program's line about echo request {} is '{}', but "
                                    "the reply to it came {:.1f} ms after it left: what it "
                                    "took for it was {}.",
                                    n, p.line, seen, instead),
                .fix = kAdvice};
      return {.code = icmp::Codes::kWrongRoundTrip,
              .cause = check::Say("Your program's line about echo request {} is '{}', but the "
                                  "grader held that reply back {} ms on the way: it cannot have "
                                  "taken less ({:.1f} ms as the wire saw it).",
                                  n, p.line, delay, seen),
              .evidence = kInOrder,
              .fix =
                  "Start the clock right before sending the request (the time packed in it, "
                  "or time.time() before sendto()) and stop it right after receiving its "
                  "reply."};
    }
    return {.code = icmp::Codes::kWrongRoundTrip,
            .cause = check::Say("Your program's line about echo request {} is '{}', but the "
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

}  // namespace netgrade::icmp::echo
