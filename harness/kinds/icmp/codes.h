// The ICMP kind's diagnosis codes (check/diagnosis.h has those every kind shares): what a
// pinger's or a traceroute's echo requests did wrong (echo_checks.h, ttl_probes.h).
#pragma once

#include <span>

#include "harness/check/diagnosis.h"

namespace netgrade::icmp {

struct Codes {
  // no ICMP echo request reached the wire (or none of the path's)
  static constexpr check::CodeInfo kNoEchoRequest{"no_echo_request"};
  // not type 8 code 0, or another identifier than the first request's
  static constexpr check::CodeInfo kBadEchoRequest{"bad_echo_request"};
  // a sequence number out of place, or in a mixed byte order
  static constexpr check::CodeInfo kWrongSequence{"wrong_sequence"};
  // a request sent before the previous one's reply or timeout
  static constexpr check::CodeInfo kAllAtOnce{"all_at_once"};
  // the next request long after the previous one's 1 s timeout
  static constexpr check::CodeInfo kSlowAfterTimeout{"slow_after_timeout"};
  // more or fewer echo requests than the case's count
  static constexpr check::CodeInfo kRequestCount{"request_count"};
  // blocked with no timeout for an ICMP reply that never came
  static constexpr check::CodeInfo kNoReplyTimeout{"no_reply_timeout"};
  // a printed round trip below the wire's delay or far above its time
  static constexpr check::CodeInfo kWrongRoundTrip{"wrong_round_trip"};
  // a reply of another ping, a duplicate or a late one taken as this one's
  static constexpr check::CodeInfo kOtherReplyTaken{"other_reply_taken"};
  // `ttl_probes`: a TTL skipped, repeated after a higher one, or not from 1
  static constexpr check::CodeInfo kTtlOrder{"ttl_order"};
  // `ttl_probes`: more requests with one TTL than most_per_ttl
  static constexpr check::CodeInfo kTooManyProbes{"too_many_probes"};
  // `ttl_probes`: on to the next TTL after fewer, none answered
  static constexpr check::CodeInfo kTooFewProbes{"too_few_probes"};
  // `ttl_probes`: every hop found, in order, printed in a format of its own
  static constexpr check::CodeInfo kOwnLineFormat{"own_line_format"};
};

// Every code above, as the kind registers them (kinds/kind.h).
std::span<const check::Code> AllCodes();

}  // namespace netgrade::icmp
