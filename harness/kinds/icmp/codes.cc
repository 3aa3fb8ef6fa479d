#include "harness/kinds/icmp/codes.h"

#include <array>

namespace netgrade::icmp {

std::span<const check::Code> AllCodes() {
  static constexpr std::array kAll = {
      check::Code(Codes::kNoEchoRequest),    check::Code(Codes::kBadEchoRequest),
      check::Code(Codes::kWrongSequence),    check::Code(Codes::kAllAtOnce),
      check::Code(Codes::kSlowAfterTimeout), check::Code(Codes::kRequestCount),
      check::Code(Codes::kNoReplyTimeout),   check::Code(Codes::kWrongRoundTrip),
      check::Code(Codes::kOtherReplyTaken),  check::Code(Codes::kTtlOrder),
      check::Code(Codes::kTooManyProbes),    check::Code(Codes::kTooFewProbes),
      check::Code(Codes::kOwnLineFormat),
  };
  return kAll;
}

}  // namespace netgrade::icmp
