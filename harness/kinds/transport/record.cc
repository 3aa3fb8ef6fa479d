#include "harness/kinds/transport/record.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace netgrade::transport {

Header HeaderOf(const Decoded& d) {
  Header h;
  h.too_short = d.too_short;
  h.length_wrong = d.length_wrong;
  h.checksum_wrong = d.checksum_wrong;
  h.checksum_zero = d.checksum_zero;
  h.checksum_swapped = d.checksum_swapped;
  h.checksum_header_only = d.checksum_header_only;
  h.checksum_payload_only = d.checksum_payload_only;
  h.type = d.type;
  h.seq = d.seq;
  h.len = d.len;
  h.seq_swapped = d.seq_swapped;
  h.len_swapped = d.len_swapped;
  h.payload_hash = 14695981039346656037ull;
  for (uint8_t byte : d.payload) h.payload_hash = (h.payload_hash ^ byte) * 1099511628211ull;
  return h;
}

std::string DescribeHeader(const PacketFormat& format, const Header& h, size_t size) {
  // Describe reads the payload's length from the span: one of that many bytes (never read).
  static const std::vector<uint8_t> kBody(65536);
  Decoded d;
  const size_t body = size > format.header_size() ? size - format.header_size() : 0;
  d.payload = std::span<const uint8_t>(kBody.data(), std::min(body, kBody.size()));
  d.too_short = h.too_short;
  d.length_wrong = h.length_wrong;
  d.checksum_wrong = h.checksum_wrong;
  d.checksum_zero = h.checksum_zero;
  d.checksum_swapped = h.checksum_swapped;
  d.checksum_header_only = h.checksum_header_only;
  d.checksum_payload_only = h.checksum_payload_only;
  d.type = h.type;
  d.seq = h.seq;
  d.len = h.len;
  return Describe(format, d);
}

std::vector<PacketRecord> Merged(const std::vector<PacketRecord>& a,
                                 const std::vector<PacketRecord>& b) {
  std::vector<PacketRecord> out;
  out.reserve(a.size() + b.size());
  std::merge(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out),
             [](const PacketRecord& x, const PacketRecord& y) { return x.seen < y.seen; });
  return out;
}

}  // namespace netgrade::transport
