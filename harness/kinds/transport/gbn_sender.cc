#include "harness/kinds/transport/gbn_sender.h"

#include <algorithm>
#include <utility>

namespace netgrade::transport {

GbnSender::GbnSender(PacketFormat format, std::vector<uint8_t> file, size_t window,
                     std::chrono::microseconds timeout)
    : format_(std::move(format)),
      file_(std::move(file)),
      window_(std::max<size_t>(window, 1)),
      timeout_(timeout) {
  size_t chunk = std::max<size_t>(format_.payload_max, 1);
  packets_ = (file_.size() + chunk - 1) / chunk;
}

std::vector<uint8_t> GbnSender::Data(uint64_t seq) const {
  size_t chunk = std::max<size_t>(format_.payload_max, 1);
  size_t from = seq * chunk;
  size_t size = std::min(chunk, file_.size() - from);
  return Encode(format_, format_.type_data, seq, std::span(file_).subspan(from, size));
}

std::vector<uint8_t> GbnSender::Fin() {
  ++fins_sent_;
  return Encode(format_, format_.type_fin, packets_, {});
}

void GbnSender::Fill(Datagrams* out) {
  for (; next_ < packets_ && next_ < base_ + window_; ++next_) out->push_back(Data(next_));
}

GbnSender::Datagrams GbnSender::Start(std::chrono::microseconds now) {
  Datagrams out;
  if (started_) return out;
  started_ = true;
  if (packets_ == 0)
    out.push_back(Fin());
  else
    Fill(&out);
  timer_ = now + timeout_;
  return out;
}

GbnSender::Datagrams GbnSender::OnDatagram(std::span<const uint8_t> datagram,
                                           std::chrono::microseconds now) {
  Datagrams out;
  Decoded d = Decode(format_, datagram);
  if (!d.valid() || d.type != format_.type_ack) {
    ++bad_acks_;
    return out;
  }
  if (!started_ || done_) return out;
  if (base_ == packets_) {  // the FIN's turn: only ACK(n + 1) counts
    if (d.seq != packets_ + 1) return out;
    acked_ = d.seq;
    fin_acked_ = done_ = true;
    timer_.reset();
    return out;
  }
  if (format_.acks == spec::AckKind::kSelective) {
    // ACK k acknowledges packet k alone; the base moves over what is acknowledged in a row.
    if (d.seq < base_ || d.seq >= next_ || !acked_one_.insert(d.seq).second) return out;
    const uint64_t was = base_;
    while (acked_one_.count(base_)) acked_one_.erase(base_++);
    acked_ = base_;
    if (base_ == was) return out;  // the timer runs on for the base
  } else {
    if (d.seq <= base_ || d.seq > next_) return out;  // a duplicate, or of a packet never sent
    base_ = acked_ = d.seq;
  }
  if (base_ == packets_)
    out.push_back(Fin());
  else
    Fill(&out);
  timer_ = now + timeout_;
  return out;
}

GbnSender::Datagrams GbnSender::OnTimer(std::chrono::microseconds now) {
  Datagrams out;
  if (!timer_ || now < *timer_) return out;
  if (base_ < packets_) {
    for (uint64_t seq = base_; seq < next_; ++seq)
      if (!acked_one_.count(seq)) out.push_back(Data(seq));
  } else if (fins_sent_ < kMaxFins) {
    out.push_back(Fin());
  } else {
    done_ = true;
    timer_.reset();
    return out;
  }
  timer_ = now + timeout_;
  return out;
}

std::optional<std::chrono::microseconds> GbnSender::NextTimer() const { return timer_; }

}  // namespace netgrade::transport
