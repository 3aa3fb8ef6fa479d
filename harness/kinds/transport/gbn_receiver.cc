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
  if (d.type == format_.type_fin) {
    if (d.seq != expected_) return {Took::kFinEarly, Ack(expected_)};
    Took took = finished_ ? Took::kFinAgain : Took::kFin;
    finished_ = true;
    ahead_.clear();
    return {took, Ack(d.seq + 1)};
  }
  if (d.type != format_.type_data) return {Took::kNotData, {}};
  if (d.seq < expected_) return {Took::kDuplicate, Ack(expected_)};
  if (d.seq > expected_ || finished_) {
    if (!finished_ && d.seq - expected_ <= kMaxAhead)
      ahead_.try_emplace(d.seq, d.payload.begin(), d.payload.end());
    return {Took::kAhead, Ack(expected_)};
  }
  file_.insert(file_.end(), d.payload.begin(), d.payload.end());
  ++expected_;
  // The kept packets the gap's filling joins to the file.
  for (auto it = ahead_.begin(); it != ahead_.end() && it->first == expected_;
       it = ahead_.erase(it), ++expected_)
    file_.insert(file_.end(), it->second.begin(), it->second.end());
  return {Took::kInOrder, Ack(expected_)};
}

}  // namespace netgrade::transport
