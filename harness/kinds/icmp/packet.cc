#include "harness/kinds/icmp/packet.h"

#include <arpa/inet.h>

#include <cstring>

namespace netgrade::icmp {
namespace {

uint8_t At(std::string_view b, size_t i) { return static_cast<uint8_t>(b[i]); }
uint16_t Read16(std::string_view b, size_t i) {
  return static_cast<uint16_t>(At(b, i) << 8 | At(b, i + 1));
}
uint32_t Read32(std::string_view b, size_t i) {
  return static_cast<uint32_t>(Read16(b, i)) << 16 | Read16(b, i + 2);
}
void Put16(std::string* b, size_t i, uint16_t v) {
  (*b)[i] = static_cast<char>(v >> 8);
  (*b)[i + 1] = static_cast<char>(v & 0xff);
}
void Put32(std::string* b, size_t i, uint32_t v) {
  Put16(b, i, static_cast<uint16_t>(v >> 16));
  Put16(b, i + 2, static_cast<uint16_t>(v & 0xffff));
}

// The one's-complement sum of the words, folded, not complemented. `odd_pad_first`: an odd last
// byte is taken as the low byte of its word (the mistake of a little-endian sum), not the high.
uint16_t Sum(std::string_view bytes, bool odd_pad_first = false) {
  uint32_t sum = 0;
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += Read16(bytes, i);
  if (i < bytes.size())
    sum += odd_pad_first ? At(bytes, i) : static_cast<uint32_t>(At(bytes, i)) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(sum);
}

// The header fields of an ICMP message (at least 8 bytes) and whether its checksum holds.
IcmpHeader ReadIcmp(std::string_view m, bool whole) {
  IcmpHeader h;
  h.type = At(m, 0);
  h.code = At(m, 1);
  h.checksum = Read16(m, 2);
  h.identifier = Read16(m, 4);
  h.sequence = Read16(m, 6);
  h.checksum_ok = whole && Checksum(m) == 0;
  h.data = std::string(m.substr(8));
  return h;
}

}  // namespace

uint16_t Checksum(std::string_view bytes) { return static_cast<uint16_t>(~Sum(bytes)); }

uint16_t Swap16(uint16_t v) { return static_cast<uint16_t>(v << 8 | v >> 8); }

std::string AddressText(uint32_t address) {
  in_addr a{htonl(address)};
  char text[INET_ADDRSTRLEN] = "";
  ::inet_ntop(AF_INET, &a, text, sizeof text);
  return text;
}

bool ParseAddress(std::string_view text, uint32_t* address) {
  in_addr a{};
  *address = 0;
  if (::inet_pton(AF_INET, std::string(text).c_str(), &a) != 1) return false;
  *address = ntohl(a.s_addr);
  return true;
}

std::optional<Packet> Parse(std::string_view b, std::string* why) {
  auto fail = [why](const char* w) -> std::optional<Packet> {
    if (why) *why = w;
    return std::nullopt;
  };
  if (b.size() < 20) return fail("shorter than an IPv4 header");
  if ((At(b, 0) >> 4) != 4) return fail("not IPv4");
  Packet p;
  p.header_length = static_cast<size_t>(At(b, 0) & 0x0f) * 4;
  size_t total = Read16(b, 2);
  if (p.header_length < 20 || p.header_length > b.size()) return fail("bad IPv4 header length");
  if (total >= p.header_length && total < b.size()) b = b.substr(0, total);
  p.ttl = At(b, 8);
  p.protocol = At(b, 9);
  p.source = Read32(b, 12);
  p.destination = Read32(b, 16);
  bool first_fragment = (Read16(b, 6) & 0x1fff) == 0;
  std::string_view m = b.substr(p.header_length);
  if (p.protocol != kProtocolIcmp || !first_fragment || m.size() < 8) return p;
  p.icmp = ReadIcmp(m, true);
  if (p.icmp->type != kUnreachable && p.icmp->type != kTimeExceeded) return p;
  std::string_view q = m.substr(8);
  if (q.size() < 20 || (At(q, 0) >> 4) != 4) return p;
  size_t qlen = static_cast<size_t>(At(q, 0) & 0x0f) * 4;
  if (qlen < 20 || q.size() < qlen + 8 || At(q, 9) != kProtocolIcmp) return p;
  p.quoted_ttl = At(q, 8);
  p.quoted_source = Read32(q, 12);
  p.quoted_destination = Read32(q, 16);
  p.quoted = ReadIcmp(q.substr(qlen), false);
  return p;
}

std::string Build(uint32_t source, uint32_t destination, uint8_t ttl, uint8_t type, uint8_t code,
                  uint16_t identifier, uint16_t sequence, std::string_view data) {
  std::string p(28, '\0');
  p += data;
  p[0] = 0x45;
  Put16(&p, 2, static_cast<uint16_t>(p.size()));
  p[8] = static_cast<char>(ttl);
  p[9] = static_cast<char>(kProtocolIcmp);
  Put32(&p, 12, source);
  Put32(&p, 16, destination);
  Put16(&p, 10, Checksum(std::string_view(p).substr(0, 20)));
  p[20] = static_cast<char>(type);
  p[21] = static_cast<char>(code);
  Put16(&p, 24, identifier);
  Put16(&p, 26, sequence);
  Put16(&p, 22, Checksum(std::string_view(p).substr(20)));
  return p;
}

ByteOrder SequenceOrder(uint16_t wire, unsigned n) {
  bool network = wire == n;
  bool swapped = Swap16(wire) == n;
  if (network && swapped) return ByteOrder::kBoth;
  if (network) return ByteOrder::kNetwork;
  return swapped ? ByteOrder::kSwapped : ByteOrder::kNeither;
}

std::string ChecksumMistake(std::string_view message) {
  if (message.size() < 8) return "";
  uint16_t found = Read16(message, 2);
  std::string zeroed(message);
  Put16(&zeroed, 2, 0);
  uint16_t right = Checksum(zeroed);
  if (found == right) return "";
  if (found == Swap16(right))
    return "its two bytes are swapped: store the checksum in network byte order (htons once, "
           "not twice and not never)";
  if (found == static_cast<uint16_t>(~right))
    return "it is the sum itself: the checksum is the one's complement of the sum (~sum & "
           "0xffff)";
  uint16_t header_only = Checksum(std::string_view(zeroed).substr(0, 8));
  if (message.size() > 8 && (found == header_only || found == Swap16(header_only)))
    return "it covers only the 8-byte header: sum the whole message, header and data";
  if (message.size() % 2 == 1) {
    uint16_t pad_first = static_cast<uint16_t>(~Sum(zeroed, true));
    if (found == pad_first || found == Swap16(pad_first))
      return "the last, odd byte is summed as the low byte of its word: pad it with a zero "
             "after it (it is the high byte)";
  }
  return "";
}

}  // namespace netgrade::icmp
