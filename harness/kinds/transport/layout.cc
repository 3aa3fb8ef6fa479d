#include "harness/kinds/transport/layout.h"

#include <algorithm>

namespace netgrade::transport {

PacketFormat FormatOf(const spec::PacketLayout& layout) {
  PacketFormat f;
  f.byte_order = layout.big_endian ? ByteOrder::kBig : ByteOrder::kLittle;
  f.checksum = layout.checksum;
  f.acks = layout.acks;
  for (const spec::PacketField& field : layout.fields)
    f.fields.push_back(
        {field.name, static_cast<size_t>(field.offset), static_cast<size_t>(field.size)});
  f.payload_offset = static_cast<size_t>(layout.payload_offset);
  f.payload_max = static_cast<size_t>(layout.payload_max);
  f.type_data = static_cast<uint64_t>(layout.type_data);
  f.type_ack = static_cast<uint64_t>(layout.type_ack);
  f.type_fin = static_cast<uint64_t>(layout.type_fin);
  return f;
}

LinkConfig ConfigOf(const spec::LinkDirection& d) {
  LinkConfig c;
  c.rate_bps = static_cast<uint64_t>(d.rate_bps);
  c.trace_ms = d.trace_ms;
  c.delay = std::chrono::milliseconds(d.delay_ms);
  c.jitter = std::chrono::milliseconds(d.jitter_ms);
  c.queue_packets = static_cast<size_t>(d.queue_packets);
  c.queue_bytes = static_cast<size_t>(d.queue_bytes);
  c.loss = d.loss;
  c.duplicate = d.duplicate;
  c.reorder = d.reorder;
  c.corrupt = d.corrupt;
  for (int i : d.lose) c.lose.push_back(static_cast<size_t>(i));
  for (int i : d.duplicate_at) c.duplicate_at.push_back(static_cast<size_t>(i));
  for (int i : d.corrupt_at) c.corrupt_at.push_back(static_cast<size_t>(i));
  for (const spec::LinkChange& ch : d.changes) {
    LinkConfig::Change out;
    out.at = std::chrono::milliseconds(ch.at_ms);
    if (ch.rate_bps) out.rate_bps = static_cast<uint64_t>(*ch.rate_bps);
    out.loss = ch.loss;
    if (ch.delay_ms) out.delay = std::chrono::milliseconds(*ch.delay_ms);
    c.changes.push_back(out);
  }
  return c;
}

double BaseRttMs(const spec::TransportLink& link, size_t data_bytes, size_t ack_bytes) {
  auto one_way = [](const spec::LinkDirection& d, size_t bytes) {
    double ms = static_cast<double>(d.delay_ms);
    if (d.rate_bps > 0) ms += static_cast<double>(bytes) * 8 * 1000 / d.rate_bps;
    return ms;
  };
  return one_way(link.out, data_bytes) + one_way(link.back, ack_bytes);
}

double QueueFullMs(const spec::LinkDirection& d, size_t packet_bytes) {
  double rate = d.rate_bps;
  for (const spec::LinkChange& c : d.changes)
    if (c.rate_bps && *c.rate_bps > 0) rate = rate > 0 ? std::min(rate, *c.rate_bps) : 0;
  double bytes = static_cast<double>(d.queue_bytes);
  if (d.queue_packets > 0) {
    const double in_packets = static_cast<double>(d.queue_packets * packet_bytes);
    bytes = bytes > 0 ? std::min(bytes, in_packets) : in_packets;
  }
  if (rate <= 0 || bytes <= 0 || !d.trace_ms.empty()) return 0;
  return bytes * 8 * 1000 / rate;
}

}  // namespace netgrade::transport
