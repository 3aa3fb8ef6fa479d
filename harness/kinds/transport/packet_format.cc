#include "harness/kinds/transport/packet_format.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace netgrade::transport {
namespace {

// The value of `size` bytes at `at`, most significant first (big) or last (little).
uint64_t ReadBytes(std::span<const uint8_t> b, size_t at, size_t size, ByteOrder order) {
  uint64_t v = 0;
  for (size_t i = 0; i < size; ++i)
    v = v << 8 | b[order == ByteOrder::kBig ? at + i : at + size - 1 - i];
  return v;
}

ByteOrder Other(ByteOrder order) {
  return order == ByteOrder::kBig ? ByteOrder::kLittle : ByteOrder::kBig;
}

// `v`'s low `size` bytes in the reverse order.
uint64_t Reversed(uint64_t v, size_t size) {
  uint64_t out = 0;
  for (size_t i = 0; i < size; ++i, v >>= 8) out = out << 8 | (v & 0xff);
  return out;
}

// A field's value in the other byte order; 0 when the format lacks it.
uint64_t ReadSwapped(const PacketFormat& f, std::string_view name, std::span<const uint8_t> b) {
  const Field* field = f.Find(name);
  if (!field || field->offset + field->size > b.size()) return 0;
  return ReadBytes(b, field->offset, field->size, Other(f.byte_order));
}

uint64_t Read(const PacketFormat& f, std::string_view name, std::span<const uint8_t> b) {
  const Field* field = f.Find(name);
  return field ? ReadField(f, *field, b) : 0;
}

void Write(const PacketFormat& f, std::string_view name, uint64_t v, std::span<uint8_t> b) {
  if (const Field* field = f.Find(name)) WriteField(f, *field, v, b);
}

}  // namespace

PacketFormat PacketFormat::ReliableTransfer() {
  PacketFormat f;
  f.fields = {{"type", 0, 1}, {"flags", 1, 1}, {"checksum", 2, 2}, {"seq", 4, 4}, {"len", 8, 2}};
  return f;
}

const Field* PacketFormat::Find(std::string_view name) const {
  for (const Field& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

std::string PacketFormat::Problem() const {
  for (const char* name : {"type", "seq", "len"})
    if (!Find(name)) return std::string("no field \"") + name + "\"";
  const Field* sum = Find("checksum");
  if (checksum == ChecksumKind::kNone && sum) return "a checksum field, with no checksum";
  if (checksum != ChecksumKind::kNone && !sum) return "no field \"checksum\"";
  if (sum && sum->size != ChecksumSize(checksum))
    return "the checksum field is not of " + std::to_string(ChecksumSize(checksum)) + " bytes";
  for (size_t i = 0; i < fields.size(); ++i) {
    const Field& f = fields[i];
    if (f.size != 1 && f.size != 2 && f.size != 4 && f.size != 8)
      return "field \"" + f.name + "\" is not of 1, 2, 4 or 8 bytes";
    if (f.offset + f.size > payload_offset) return "field \"" + f.name + "\" ends past the header";
    for (size_t j = 0; j < i; ++j)
      if (f.offset < fields[j].offset + fields[j].size && fields[j].offset < f.offset + f.size)
        return "fields \"" + fields[j].name + "\" and \"" + f.name + "\" overlap";
  }
  return "";
}

uint16_t InternetChecksum(std::span<const uint8_t> bytes) {
  uint32_t sum = 0;
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += static_cast<uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  if (i < bytes.size()) sum += static_cast<uint32_t>(bytes[i]) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

uint32_t Crc32(std::span<const uint8_t> bytes) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (uint8_t b : bytes) c = table[(c ^ b) & 0xff] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

uint64_t ChecksumOf(const PacketFormat& format, std::span<const uint8_t> bytes) {
  switch (format.checksum) {
    case ChecksumKind::kInternet:
      return InternetChecksum(bytes);
    case ChecksumKind::kCrc32:
      return Crc32(bytes);
    case ChecksumKind::kNone:
      break;
  }
  return 0;
}

size_t ChecksumSize(ChecksumKind kind) {
  switch (kind) {
    case ChecksumKind::kInternet:
      return 2;
    case ChecksumKind::kCrc32:
      return 4;
    case ChecksumKind::kNone:
      break;
  }
  return 0;
}

std::string ChecksumInWords(const PacketFormat& format) {
  switch (format.checksum) {
    case ChecksumKind::kInternet:
      return "the Internet checksum (RFC 1071)";
    case ChecksumKind::kCrc32:
      return "the CRC-32 (zlib.crc32() in Python, java.util.zip.CRC32 in Java, crc32() of zlib "
             "in C)";
    case ChecksumKind::kNone:
      break;
  }
  return "no checksum";
}

std::string PackChecksumInWords(const PacketFormat& format) {
  const bool big = format.byte_order == ByteOrder::kBig;
  const bool wide = format.checksum == ChecksumKind::kCrc32;
  std::string pack = std::string("struct.pack(\"") + (big ? "!" : "<") + (wide ? "I" : "H") + "\")";
  if (!big) return pack;  // little-endian: the machine's order on x86, no call to name
  return pack + (wide ? " or htonl()" : " or htons()");
}

uint64_t ReadField(const PacketFormat& format, const Field& field, std::span<const uint8_t> b) {
  if (field.offset + field.size > b.size()) return 0;
  return ReadBytes(b, field.offset, field.size, format.byte_order);
}

void WriteField(const PacketFormat& format, const Field& field, uint64_t value,
                std::span<uint8_t> b) {
  if (field.offset + field.size > b.size()) return;
  for (size_t i = 0; i < field.size; ++i, value >>= 8) {
    size_t at =
        format.byte_order == ByteOrder::kBig ? field.offset + field.size - 1 - i : field.offset + i;
    b[at] = static_cast<uint8_t>(value & 0xff);
  }
}

std::vector<uint8_t> Encode(const PacketFormat& format, uint64_t type, uint64_t seq,
                            std::span<const uint8_t> payload) {
  std::vector<uint8_t> p(format.header_size(), 0);
  p.insert(p.end(), payload.begin(), payload.end());
  Write(format, "type", type, p);
  Write(format, "seq", seq, p);
  Write(format, "len", payload.size(), p);
  if (format.checksum != ChecksumKind::kNone) Write(format, "checksum", ChecksumOf(format, p), p);
  return p;
}

Decoded Decode(const PacketFormat& format, std::span<const uint8_t> datagram) {
  Decoded d;
  if (datagram.size() < format.header_size()) {
    d.too_short = true;
    return d;
  }
  d.type = Read(format, "type", datagram);
  d.seq = Read(format, "seq", datagram);
  d.len = Read(format, "len", datagram);
  d.checksum = Read(format, "checksum", datagram);
  d.seq_swapped = ReadSwapped(format, "seq", datagram);
  d.len_swapped = ReadSwapped(format, "len", datagram);
  d.payload = datagram.subspan(format.header_size());
  d.length_wrong = d.len != d.payload.size() || d.len > format.payload_max;

  if (format.checksum == ChecksumKind::kNone) return d;
  std::vector<uint8_t> zeroed(datagram.begin(), datagram.end());
  Write(format, "checksum", 0, zeroed);
  const uint64_t right = ChecksumOf(format, zeroed);
  d.checksum_wrong = d.checksum != right;
  if (!d.checksum_wrong) return d;
  const size_t width = ChecksumSize(format.checksum);
  auto either_order = [&](uint64_t c) {
    return d.checksum == c || d.checksum == Reversed(c, width);
  };
  std::span<const uint8_t> header(zeroed.data(), format.header_size());
  bool has_payload = !d.payload.empty();
  if (d.checksum == 0)
    d.checksum_zero = true;
  else if (d.checksum == Reversed(right, width))
    d.checksum_swapped = true;
  else if (has_payload && either_order(ChecksumOf(format, header)))
    d.checksum_header_only = true;
  else if (has_payload && either_order(ChecksumOf(format, d.payload)))
    d.checksum_payload_only = true;
  return d;
}

std::string Describe(const PacketFormat& format, const Decoded& p) {
  if (p.too_short)
    return "shorter than the " + std::to_string(format.header_size()) + "-byte header";
  std::string s;
  if (p.type == format.type_data)
    s = "DATA";
  else if (p.type == format.type_ack)
    s = "ACK";
  else if (p.type == format.type_fin)
    s = "FIN";
  else
    s = "type " + std::to_string(p.type);
  s += " seq=" + std::to_string(p.seq);
  bool control = p.type == format.type_ack || p.type == format.type_fin;
  if (!control || p.len != 0) s += " len=" + std::to_string(p.len);
  std::vector<std::string> wrong;
  if (p.len != p.payload.size())
    wrong.push_back("len " + std::to_string(p.len) + " but " + std::to_string(p.payload.size()) +
                    " bytes follow");
  else if (p.length_wrong)
    wrong.push_back("len over " + std::to_string(format.payload_max));
  if (p.checksum_zero)
    wrong.push_back("checksum wrong: never computed");
  else if (p.checksum_swapped)
    wrong.push_back("checksum wrong: its bytes swapped");
  else if (p.checksum_header_only)
    wrong.push_back("checksum wrong: of the header only");
  else if (p.checksum_payload_only)
    wrong.push_back("checksum wrong: of the payload only");
  else if (p.checksum_wrong)
    wrong.push_back("checksum wrong");
  for (size_t i = 0; i < wrong.size(); ++i) s += (i ? ", " : " (") + wrong[i];
  if (!wrong.empty()) s += ")";
  return s;
}

namespace {

std::vector<Field> ByOffset(const PacketFormat& format) {
  std::vector<Field> fields = format.fields;
  std::stable_sort(fields.begin(), fields.end(),
                   [](const Field& a, const Field& b) { return a.offset < b.offset; });
  return fields;
}

}  // namespace

std::string FieldOrder(const PacketFormat& format) {
  std::string out;
  for (const Field& f : ByOffset(format)) out += (out.empty() ? "" : ", ") + f.name;
  return out;
}

std::string StructFormat(const PacketFormat& format) {
  std::string out = format.byte_order == ByteOrder::kBig ? "!" : "<";
  size_t at = 0;
  for (const Field& f : ByOffset(format)) {
    if (f.offset < at) continue;  // overlapping: Problem() refuses such a format
    out.append(f.offset - at, 'x');
    out += f.size == 1 ? 'B' : f.size == 2 ? 'H' : f.size == 4 ? 'I' : 'Q';
    at = f.offset + f.size;
  }
  if (at < format.header_size()) out.append(format.header_size() - at, 'x');
  return out;
}

}  // namespace netgrade::transport
