#include "harness/kinds/transport/codes.h"

#include <array>

namespace netgrade::transport {

std::span<const check::Code> AllCodes() {
  static constexpr std::array kAll = {
      check::Code(Codes::kNotDelivered),
      check::Code(Codes::kStopAndWait),
      check::Code(Codes::kWindowUnused),
      check::Code(Codes::kWindowNotSliding),
      check::Code(Codes::kMissingAck),
      check::Code(Codes::kWindowExceeded),
      check::Code(Codes::kHostByteOrder),
      check::Code(Codes::kPayloadTooBig),
      check::Code(Codes::kBadPacket),
      check::Code(Codes::kResendTooSoon),
      check::Code(Codes::kResendOnDupAck),
      check::Code(Codes::kNeedlessResend),
      check::Code(Codes::kNoResend),
      check::Code(Codes::kFinNotResent),
      check::Code(Codes::kSlowTransfer),
      check::Code(Codes::kSeqReused),
      check::Code(Codes::kNoCongestionControl),
      check::Code(Codes::kWindowDoubles),
      check::Code(Codes::kWindowCollapse),
      check::Code(Codes::kStandingQueue),
      check::Code(Codes::kSecondCopyFailed),
      check::Code(Codes::kUnfairShare),
      check::Code(Codes::kTcpShare),
      check::Code(Codes::kNoBackoff),
      check::Code(Codes::kWrongAck),
      check::Code(Codes::kCorruptAccepted),
      check::Code(Codes::kDuplicateWritten),
      check::Code(Codes::kNoLinger),
  };
  return kAll;
}

}  // namespace netgrade::transport
