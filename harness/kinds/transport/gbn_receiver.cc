#include "harness/kinds/transport/gbn_receiver.h"

#include <utility>

namespace netgrade::transport {

GbnReceiver::GbnReceiver(PacketFormat format) : format_(std::move(format)) {}

std::vector<uint8_t> GbnReceiver::Ack(uint64_t seq) const {
  return Encode(format_, format_.type_ack, seq, {});
}

GbnReceiver::Answer GbnReceiver::Receive(std::span<const uint8_t> datagram) {
  Decoded d = Decode(format_, datagram);
  if (!d.valid()) return {Took::kDropped, {}};
  const bool selective = format_.acks == spec::AckKind::kSelective;
  if (d.type == format_.type_fin) {
    // A selective ACK names one packet: none answers a FIN that comes too early.
    if (d.seq != expected_)
      return {Took::kFinEarly, selective ? std::vector<uint8_t>{} : Ack(expected_)};
    Took took = finished_ ? Took::kFinAgain : Took::kFin;
    finished_ = true;
    ahead_.clear();
    return {took, Ack(d.seq + 1)};
  }
  if (d.type != format_.type_data) return {Took::kNotData, {}};
  if (d.seq < expected_) return {Took::kDuplicate, Ack(selective ? d.seq : expected_)};
  if (d.seq > expected_ || finished_) {
    const bool kept = !finished_ && d.seq - expected_ <= kMaxAhead;
    if (kept) ahead_.try_emplace(d.seq, d.payload.begin(), d.payload.end());
    // A selective ACK is sent only for a packet kept: one past the bound is not acknowledged.
    if (selective) return {Took::kAhead, kept ? Ack(d.seq) : std::vector<uint8_t>{}};
    return {Took::kAhead, Ack(expected_)};
  }
  const uint64_t taken = d.seq;
  file_.insert(file_.end(), d.payload.begin(), d.payload.end());
  ++expected_;
  // The kept packets the gap's filling joins to the file.
  for (auto it = ahead_.begin(); it != ahead_.end() && it->first == expected_;
       it = ahead_.erase(it), ++expected_)
    file_.insert(file_.end(), it->second.begin(), it->second.end());
  return {Took::kInOrder, Ack(selective ? taken : expected_)};
}

}  // namespace netgrade::transport
