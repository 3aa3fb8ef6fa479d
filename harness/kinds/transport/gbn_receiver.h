// netgrade's own Go-Back-N receiver, which plays against a student's sender (labs/reliable-
// transfer.md): it takes DATA `expected` and keeps later packets (up to kMaxAhead ahead) for
// when the gap fills, drops packets of a wrong checksum or length unanswered, answers every
// valid DATA with a cumulative ACK of the packet it now expects, and acknowledges the FIN of
// seq = expected with seq + 1, again each time it is repeated. With `packet: {acks:
// selective}` it is a selective-repeat receiver: each DATA it keeps (or had) is answered with
// an ACK of its own seq, and a FIN before the file is whole with nothing. Pure: bytes in,
// bytes out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "harness/kinds/transport/packet_format.h"

namespace netgrade::transport {

class GbnReceiver {
 public:
  // DATA at most this many packets past `expected` are kept; further ones are answered, not
  // kept: the packets held take at most kMaxAhead x payload_max bytes.
  static constexpr uint64_t kMaxAhead = 4096;

  explicit GbnReceiver(PacketFormat format);

  // What a datagram was to the receiver:
  //   kInOrder   DATA `expected`, appended (with any kept packets it joins)
  //   kAhead     DATA past `expected`, kept (or not: too far ahead, or after the FIN)
  //   kDuplicate DATA below `expected`, already written
  //   kFin       the FIN of seq = expected: the file is complete
  //   kFinAgain  that FIN repeated
  //   kFinEarly  a FIN of another seq: answered with ACK(expected), not taken
  //   kDropped   too short, or a wrong length or checksum: no reply
  //   kNotData   valid, of another type (an ACK, an unknown type): no reply
  enum class Took { kInOrder, kAhead, kDuplicate, kFin, kFinAgain, kFinEarly, kDropped, kNotData };
  struct Answer {
    Took took;
    std::vector<uint8_t> reply;  // empty: nothing to send
  };
  Answer Receive(std::span<const uint8_t> datagram);

  const std::vector<uint8_t>& file() const { return file_; }  // payloads in order so far
  uint64_t expected() const { return expected_; }      // after the FIN: the number of DATA packets
  bool finished() const { return finished_; }          // the FIN was taken
  size_t kept_ahead() const { return ahead_.size(); }  // packets held out of order now

 private:
  std::vector<uint8_t> Ack(uint64_t seq) const;

  PacketFormat format_;
  std::vector<uint8_t> file_;
  uint64_t expected_ = 0;
  bool finished_ = false;
  std::map<uint64_t, std::vector<uint8_t>> ahead_;  // seq -> payload, all past expected_
};

}  // namespace netgrade::transport
