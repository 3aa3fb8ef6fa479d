// The transport kind's diagnosis codes (check/diagnosis.h has those every kind shares): what a
// sender or a receiver of a transport lab's packets did wrong (traffic.h), and a sender that
// chooses its own window (congestion.h).
#pragma once

#include <span>

#include "harness/check/diagnosis.h"

namespace netgrade::transport {

struct Codes {
  // netgrade's receiver did not get the whole file and its FIN
  static constexpr check::CodeInfo kNotDelivered{"not_delivered"};
  // never more than one packet in flight, with a window of more
  static constexpr check::CodeInfo kStopAndWait{"stop_and_wait"};
  // fewer packets in flight than the window, where the link allowed it
  static constexpr check::CodeInfo kWindowUnused{"window_unused"};
  // a window at a time: new packets only once all before are acknowledged
  static constexpr check::CodeInfo kWindowNotSliding{"window_not_sliding"};
  // a receiver left a DATA packet it was given without an ACK
  static constexpr check::CodeInfo kMissingAck{"missing_ack"};
  // more packets unacknowledged than the window
  static constexpr check::CodeInfo kWindowExceeded{"window_exceeded"};
  // header fields written in the machine's byte order, not the network's
  static constexpr check::CodeInfo kHostByteOrder{"host_byte_order"};
  // a payload over the header's maximum
  static constexpr check::CodeInfo kPayloadTooBig{"payload_too_big"};
  // a length that disagrees with the bytes, a short payload before the last
  static constexpr check::CodeInfo kBadPacket{"bad_packet"};
  // a packet sent again sooner than the shortest timeout allows
  static constexpr check::CodeInfo kResendTooSoon{"resend_too_soon"};
  // the window sent again on a duplicate ACK
  static constexpr check::CodeInfo kResendOnDupAck{"resend_on_duplicate_ack"};
  // packets the receiver had acknowledged sent again
  static constexpr check::CodeInfo kNeedlessResend{"needless_resend"};
  // waits with no timeout after a loss: the transfer stops
  static constexpr check::CodeInfo kNoResend{"no_resend"};
  // the FIN sent once, its ACK lost
  static constexpr check::CodeInfo kFinNotResent{"fin_not_resent"};
  // a goodput below the case's share of what the window and link allow
  static constexpr check::CodeInfo kSlowTransfer{"slow_transfer"};
  // a DATA packet's number used again for other bytes: seq does not count the file's packets
  static constexpr check::CodeInfo kSeqReused{"seq_reused"};
  // a fixed window, or one that never shrinks for a loss
  static constexpr check::CodeInfo kNoCongestionControl{"no_congestion_control"};
  // after a loss, the window doubles each round trip (slow start for good)
  static constexpr check::CodeInfo kWindowDoubles{"window_doubles"};
  // after one loss, the window falls to a quarter or less and stays there
  static constexpr check::CodeInfo kWindowCollapse{"window_collapse"};
  // the mean wait in the bottleneck's queue over `queue_delay: at_most`
  static constexpr check::CodeInfo kStandingQueue{"standing_queue"};
  // of two copies of the sender, the second failed (its exit, its file)
  static constexpr check::CodeInfo kSecondCopyFailed{"second_copy_failed"};
  // two copies' goodputs under the case's Jain's fairness index
  static constexpr check::CodeInfo kUnfairShare{"unfair_share"};
  // beside a kernel TCP flow, a share of the link out of the case's bounds
  static constexpr check::CodeInfo kTcpShare{"share_beside_tcp"};
  // a timeout firing again for the same packet at the same pace
  static constexpr check::CodeInfo kNoBackoff{"timeout_not_backed_off"};
  // a receiver's ACK that is not the cumulative ACK
  static constexpr check::CodeInfo kWrongAck{"wrong_ack"};
  // a receiver took a corrupted packet
  static constexpr check::CodeInfo kCorruptAccepted{"corrupt_accepted"};
  // a receiver wrote a packet it already had
  static constexpr check::CodeInfo kDuplicateWritten{"duplicate_written"};
  // a receiver gone before the FIN it acknowledged came again
  static constexpr check::CodeInfo kNoLinger{"no_linger"};
};

// Every code above, as the kind registers them (kinds/kind.h).
std::span<const check::Code> AllCodes();

}  // namespace netgrade::transport
