#include "harness/kinds/icmp/echo_checks.h"

#include <fmt/core.h>

#include <optional>

#include "harness/kinds/icmp/codes.h"
#include "harness/kinds/icmp/echo_checker.h"
#include "harness/kinds/icmp/wire_refusals.h"

namespace netgrade::icmp {
namespace echo {

using check::Code;
using check::Finding;

Checker::Checker(const IcmpCase& c) : c_(c), records_(*c.records), plan_(*c.plan) {
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

Finding Checker::Check() {
  if (c_.own_echoes > 0 || c_.own_bad_checksums > 0) return OwnHost();
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
    return {
        .code = icmp::Codes::kRequestCount,
        .cause = check::Say("Your program sent {} echo request{} and no more; this case "
                            "judges its first {}: send one request a second until it is "
                            "stopped.",
                            requests_.size(), requests_.size() == 1 ? "" : "s", c_.expect->count)};
  if (!c_.expect->keeps_pinging && static_cast<int>(requests_.size()) != c_.expect->count)
    return {
        .code = icmp::Codes::kRequestCount,
        .cause = check::Say("Your program sent {} echo request{}; this case gave it COUNT "
                            "{}: send exactly COUNT requests, numbered 1 to COUNT, whatever "
                            "their answers.",
                            requests_.size(), requests_.size() == 1 ? "" : "s", c_.expect->count)};
  if (c_.expect->free_form) return FreeFormRoundTrips();
  if (c_.expect->round_trips) return RoundTrips();
  return Finding::Ok();
}

Finding Checker::WaitsWithoutTimeout() const {
  const size_t n = requests_.size();
  if (c_.at_rest_in.empty() || n == 0 || c_.plan == nullptr ||
      static_cast<int>(n) >= c_.expect->count || c_.plan->AnswerPasses(static_cast<unsigned>(n)))
    return Finding::Ok();
  return {.code = icmp::Codes::kNoReplyTimeout,
          .cause = check::Say(
              "Your program waited in {}() for the reply to request {} with no timeout, and that "
              "reply never came (the network lost it or held it back): it would have waited "
              "forever.",
              c_.at_rest_in, n),
          .evidence =
              fmt::format("It sent {} of the case's COUNT {} echo requests.", n, c_.expect->count),
          .fix =
              "Wait at most 1 s for each reply: give the socket a timeout (sock.settimeout(1) "
              "in Python, select() with a 1 s timeout, or SO_RCVTIMEO in C); when it "
              "expires, print that request's timeout line and send the next request."};
}

Finding Checker::OwnHost() const {
  std::string crossed = requests_.empty()
                            ? "No echo request reached the case's network."
                            : fmt::format("{} other echo request{} did.", requests_.size(),
                                          requests_.size() == 1 ? "" : "s");
  if (c_.own_echoes == 0)
    // Its own kernel dropped them: the checksum is wrong too (the skeleton pinging 127.0.0.1,
    // its checksum taken over the wrong bytes, prints "Request timed out." forever).
    return {.code = icmp::Codes::kNoEchoRequest,
            .cause = check::Say(
                "Your program pinged its own computer (127.0.0.1, localhost, or its own "
                "address), and its own kernel dropped the request{} unanswered: the ICMP checksum "
                "was wrong. No such request crossed the network to {}.",
                c_.own_bad_checksums == 1 ? "" : "s", c_.destination),
            .evidence =
                fmt::format("Its own kernel counted {} ICMP message{} with a wrong "
                            "checksum (InCsumErrors in /proc/net/snmp). {}",
                            c_.own_bad_checksums, c_.own_bad_checksums == 1 ? "" : "s", crossed),
            .fix =
                "Ping the host the program is given on its command line (sys.argv[1]), never "
                "your own computer; and compute the checksum over the whole ICMP message (the "
                "header with a checksum of 0, then the data), as the handout shows."};
  return {.code = icmp::Codes::kNoEchoRequest,
          .cause = check::Say(
              "Your program pinged its own computer (127.0.0.1, localhost, or its own "
              "address): its own kernel answered at once, and no such request crossed the "
              "network to {}.",
              c_.destination),
          .evidence = crossed,
          .fix =
              "Ping the host the program is given on its command line (sys.argv[1]), "
              "never your own computer."};
}

Finding Checker::NoRequest() const {
  if (std::optional<Finding> f = WhyNothingPassed(records_, c_.destination)) return *f;
  if (c_.ended_quietly)
    return {.code = icmp::Codes::kNoEchoRequest,
            .cause = check::Say("{} ended at once (status 0) without sending an echo request or "
                                "printing anything: nothing in it starts the pinging.",
                                c_.program.empty() ? "Your program" : c_.program),
            .evidence =
                "Its functions may be right, but none of them was called: a call left "
                "commented out (#ping(...)), or inside a block that never runs.",
            .fix =
                "Call the pinging function at the end of the program with the host it is "
                "given: ping(sys.argv[1])."};
  return {.code = icmp::Codes::kNoEchoRequest,
          .cause = check::Say("Your program sent no ICMP echo request to {}.", c_.destination),
          .fix =
              "Open a raw socket (socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)), build each echo "
              "request (type 8, code 0, checksum, identifier, sequence number) and send it "
              "to the host given as the first argument."};
}

Finding Checker::Valid(size_t n) const {
  const icmp::IcmpHeader& h = Icmp(n);
  if (h.code != 0)
    return {.code = icmp::Codes::kBadEchoRequest,
            .cause = check::Say("{} has code {}: an echo request is type 8 with code 0.",
                                Capital(Request(n)), h.code)};
  if (!h.checksum_ok && !Req(n).whole())
    return {
        .code = Code::kBadChecksum,
        .cause = check::Say("{} carries the checksum {} (bytes {} at offset 2 of its ICMP header), "
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
        .cause = check::Say("{} carries the checksum {} (bytes {} at offset 2 of its ICMP "
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
    return {.code = icmp::Codes::kBadEchoRequest,
            .cause =
                check::Say("{} has the identifier {}, and echo request 1 had {}: use one "
                           "identifier for the whole run (the process id & 0xffff, computed once).",
                           Capital(Request(n)), Hex16(h.identifier), Hex16(Icmp(1).identifier))};
  return Finding::Ok();
}

Finding Checker::Flood() const {
  const size_t count = static_cast<size_t>(c_.expect->count);
  if (requests_.size() < kFloodRequests || requests_.size() < 2 * count) return Finding::Ok();
  bool capped = requests_.size() >= icmp::kWireMostFromStudent;
  return {.code = icmp::Codes::kRequestCount,
          .cause = check::Say(
              "Your program sent at least {} echo requests{}, where this case gave it COUNT {}: "
              "that is a flood.",
              requests_.size(),
              capped ? " (the wire passes at most that many and refused the rest)" : "", count),
          .fix =
              "Send exactly COUNT requests, one at a time: each after the previous one's "
              "answer came or its 1 s timeout passed."};
}

Finding Checker::ConstantSequence() const {
  if (judged_ < 2) return Finding::Ok();
  const uint16_t first = Icmp(1).sequence;
  for (size_t n = 2; n <= judged_; ++n)
    if (Icmp(n).sequence != first) return Finding::Ok();
  return {.code = icmp::Codes::kWrongSequence,
          .cause = check::Say("All {} echo requests carry the same sequence number, {} (bytes "
                              "{}): it never changes.",
                              judged_, first, Bytes16(first)),
          .fix =
              "Number the requests 1, 2, 3, ... in the order they are sent: pack the loop's "
              "counter where the sequence number goes, not a constant (the textbook's "
              "skeleton packs 1)."};
}

Finding Checker::Sequences() const {
  if (Finding constant = ConstantSequence(); !constant.ok()) return constant;
  std::optional<icmp::ByteOrder> order;
  size_t decided_at = 0;
  for (size_t n = 1; n <= judged_; ++n) {
    uint16_t seq = Icmp(n).sequence;
    icmp::ByteOrder o = icmp::SequenceOrder(seq, static_cast<unsigned>(n));
    if (o == icmp::ByteOrder::kNeither)
      return {.code = icmp::Codes::kWrongSequence,
              .cause = check::Say("{} carries the sequence number {} (bytes {}); request {}'s "
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
      return {.code = icmp::Codes::kWrongSequence,
              .cause = check::Say("The sequence numbers are in a mixed byte order: echo "
                                  "request {}'s is in {} and echo request {}'s in {}.",
                                  decided_at, words(*order), n, words(o)),
              .fix =
                  "Either order is right, but pack every request the same way (struct.pack "
                  "with the same format, htons every time or never)."};
    }
  }
  return Finding::Ok();
}

}  // namespace echo

check::Finding CheckEchoRequests(const IcmpCase& c) {
  if (c.expect == nullptr || c.records == nullptr || c.plan == nullptr) return check::Finding::Ok();
  return echo::Checker(c).Check();
}

bool FirstRequestInvalid(const std::vector<WireRecord>& records) {
  for (const WireRecord& r : records)
    if (!r.to_student && r.ipv4() && r.fate != WireRecord::kRefused && r.packet.icmp &&
        r.packet.icmp->type == kEchoRequest)
      return r.packet.icmp->code != 0 || !r.packet.icmp->checksum_ok;
  return false;
}

}  // namespace netgrade::icmp
