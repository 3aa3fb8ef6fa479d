#include "harness/kinds/icmp/ttl_probes.h"

#include <fmt/core.h>

#include <optional>

#include "harness/kinds/icmp/codes.h"
#include "harness/kinds/icmp/wire_refusals.h"

namespace netgrade::icmp {

using check::Code;
using check::Finding;
using check::JoinParts;
namespace {

using icmp::WireRecord;

// `first_id`: the identifier every request must carry; nullopt: any.
Finding Valid(const WireRecord& r, size_t n, std::optional<uint16_t> first_id) {
  const icmp::IcmpHeader& h = *r.packet.icmp;
  if (h.code != 0)
    return {
        .code = icmp::Codes::kBadEchoRequest,
        .cause = check::Say("Echo request {} (TTL {}) has code {}: an echo request is type 8 with "
                            "code 0.",
                            n, r.packet.ttl, h.code)};
  if (!h.checksum_ok) {
    // A record past the wire's bound keeps no data: no mistake can be read from it.
    std::string mistake =
        r.whole() ? icmp::ChecksumMistake(r.bytes.substr(r.packet.header_length)) : "";
    return {.code = Code::kBadChecksum,
            .cause = check::Say("Echo request {} (TTL {}) carries a wrong checksum ({:#06x}){}.", n,
                                r.packet.ttl, h.checksum, mistake.empty() ? "" : ": " + mistake),
            .fix =
                "A router still answers it with time exceeded (it does not look at the ICMP "
                "checksum), but the destination drops it, so no echo reply ever comes: sum "
                "the whole ICMP message as 16-bit words with the checksum field 0, take the "
                "one's complement and store it in network byte order."};
  }
  if (first_id && h.identifier != *first_id)
    return {.code = icmp::Codes::kBadEchoRequest,
            .cause =
                check::Say("Echo request {} has the identifier {:#06x}, and the first had {:#06x}: "
                           "use one identifier for the whole run, and a sequence number of its own "
                           "per request.",
                           n, h.identifier, *first_id)};
  return Finding::Ok();
}

std::string Times(int k) {
  if (k == 1) return "only once";
  if (k == 2) return "only twice";
  return fmt::format("only {} times", k);
}

}  // namespace

Finding CheckTtlProbes(const TtlCase& c) {
  if (c.expect == nullptr || c.records == nullptr) return Finding::Ok();
  std::vector<const WireRecord*> requests;
  for (const WireRecord& r : *c.records)
    if (!r.to_student && r.ipv4() && r.fate != WireRecord::kRefused) requests.push_back(&r);
  if (requests.empty()) {
    if (std::optional<Finding> f = WhyNothingPassed(*c.records, c.destination)) return *f;
    if (c.ended_quietly)
      return {.code = icmp::Codes::kNoEchoRequest,
              .cause = check::Say("{} ended at once (status 0) without sending an echo request "
                                  "or printing anything: nothing in it starts the trace.",
                                  c.program.empty() ? "Your program" : c.program),
              .evidence =
                  "Its functions may be right, but none of them was called: a call left "
                  "commented out (#get_route(...)), a function that only returns its "
                  "result, or a block that never runs.",
              .fix =
                  "Call the tracing function at the end of the program with the host it is "
                  "given, and print what it finds: get_route(sys.argv[1])."};
    return {
        .code = icmp::Codes::kNoEchoRequest,
        .cause = check::Say("Your program sent no ICMP echo request to {}. Send echo requests with "
                            "TTL 1, 2, 3, ... (setsockopt(IPPROTO_IP, IP_TTL, ttl) before each "
                            "send) to the host given as the first argument.",
                            c.destination)};
  }
  if (c.expect->more_traces) {
    // A new trace: a request with TTL 1 after the destination's echo reply reached the program.
    std::optional<TimePoint> reached;
    for (const WireRecord& r : *c.records)
      if (r.to_student && r.written && r.packet.icmp && r.packet.icmp->type == icmp::kEchoReply &&
          (!reached || r.delivered < *reached))
        reached = r.delivered;
    for (size_t i = 1; reached && i < requests.size(); ++i)
      if (requests[i]->seen > *reached && requests[i]->packet.ttl == 1) {
        requests.resize(i);
        break;
      }
  }
  const std::optional<uint16_t> first_id =
      c.expect->any_identifier ? std::nullopt
                               : std::optional<uint16_t>(requests.front()->packet.icmp->identifier);
  const int tries = c.expect->most_per_ttl;
  int ttl = 0, at_ttl = 0;
  bool answered = false;  // the plan let an answer to a request with `ttl` through
  for (size_t i = 0; i < requests.size(); ++i) {
    const WireRecord& r = *requests[i];
    if (Finding f = Valid(r, i + 1, first_id); !f.ok()) return f;
    int t = r.packet.ttl;
    if (i == 0 && t != 1)
      return {.code = icmp::Codes::kTtlOrder,
              .cause = check::Say(
                  "Your program's first echo request had TTL {}: start at TTL 1, so that "
                  "the first router answers (setsockopt(IPPROTO_IP, IP_TTL, ttl) before "
                  "each send).",
                  t)};
    if (i > 0 && t != ttl && t != ttl + 1)
      return {
          .code = icmp::Codes::kTtlOrder,
          .cause = check::Say("Echo request {} had TTL {}, right after requests with TTL {}: go up "
                              "one TTL at a time (1, 2, 3, ...), sending the same TTL again only "
                              "when no answer came.",
                              i + 1, t, ttl)};
    if (i > 0 && t == ttl + 1 && c.plan != nullptr && !answered && at_ttl < tries)
      return {.code = icmp::Codes::kTooFewProbes,
              .cause =
                  check::Say("Your program sent TTL {} {} and went on to TTL {} without an answer: "
                             "send up to {} requests per TTL, waiting 1 s for each answer, before "
                             "printing '{} * * *' and going on.",
                             ttl, Times(at_ttl), t, tries, ttl)};
    if (t != ttl) answered = false;
    answered =
        answered || (c.plan != nullptr && c.plan->AnswerPasses(static_cast<unsigned>(i + 1)));
    at_ttl = t == ttl ? at_ttl + 1 : 1;
    ttl = t;
    if (at_ttl > c.expect->most_per_ttl)
      return {
          .code = icmp::Codes::kTooManyProbes,
          .cause = check::Say("Your program sent {} echo requests with TTL {}: at most {} per TTL, "
                              "then print '{} * * *' and go on with the next TTL.",
                              at_ttl, t, c.expect->most_per_ttl, t)};
  }
  return Finding::Ok();
}

}  // namespace netgrade::icmp
