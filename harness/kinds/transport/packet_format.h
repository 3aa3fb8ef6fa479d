// The header of a transport lab's packets, as data (a lab's spec declares it; the contract of
// reliable-transfer, labs/reliable-transfer.md, is the default), and the codec: the checksums
// (the Internet checksum, CRC-32), encoding a packet and decoding a datagram with what is wrong
// with it and why. Pure functions of bytes: no socket.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/kinds/transport/spec_parts.h"

namespace netgrade::transport {

using spec::ChecksumKind;

enum class ByteOrder { kBig, kLittle };

// One header field: its bytes [offset, offset + size), size 1, 2, 4 or 8.
struct Field {
  std::string name;
  size_t offset = 0;
  size_t size = 0;
};

// What a datagram carries on the wire besides its payload: an IPv4 header (20 bytes, no options)
// and a UDP header (8). A link's rate counts them.
inline constexpr size_t kIpUdpOverhead = 28;

// The header: its fields, all in one byte order, then the payload. The checksum field holds
// the checksum of the whole packet computed with the field 0 (the Internet checksum in 2 bytes,
// or the CRC-32 in 4), written in the format's byte order like any field.
struct PacketFormat {
  ByteOrder byte_order = ByteOrder::kBig;
  ChecksumKind checksum = ChecksumKind::kInternet;
  // An ACK's seq: the next DATA wanted (cumulative), or the one DATA it acknowledges.
  spec::AckKind acks = spec::AckKind::kCumulative;
  // Must name "type", "checksum" (unless the kind is none), "seq", "len" (flags optional).
  std::vector<Field> fields;
  size_t payload_offset = 10;
  size_t payload_max = 1000;
  uint64_t type_data = 0, type_ack = 1, type_fin = 2;

  // reliable-transfer's: type(1) flags(1) checksum(2) seq(4) len(2), big-endian, 1000 bytes.
  static PacketFormat ReliableTransfer();
  // nullptr when no field has that name.
  const Field* Find(std::string_view name) const;
  size_t header_size() const { return payload_offset; }
  // "" when the codec can use it; otherwise what is wrong (a field missing, of a bad size,
  // past the header, overlapping another, a checksum not of its kind's size).
  std::string Problem() const;
};

// The header's fields in the order they come (by offset), for a sentence: "seq, len, checksum,
// type".
std::string FieldOrder(const PacketFormat& format);
// The header as Python's struct module packs it: "!BBHIH" for reliable-transfer's, a pad byte
// ('x') for each byte no field covers, '<' for a little-endian header.
std::string StructFormat(const PacketFormat& format);

// The Internet checksum (RFC 1071) of `bytes`: the one's complement of the one's-complement sum
// of its 16-bit big-endian words, an odd last byte padded with a 0 byte after it.
uint16_t InternetChecksum(std::span<const uint8_t> bytes);
// The CRC-32 of zlib, Ethernet and PNG (reflected polynomial 0xEDB88320, starting from and
// ending xored with 0xFFFFFFFF): "123456789" gives 0xCBF43926.
uint32_t Crc32(std::span<const uint8_t> bytes);
// The format's checksum of `bytes` (0 for none).
uint64_t ChecksumOf(const PacketFormat& format, std::span<const uint8_t> bytes);
// Its size in bytes: 2, 4, or 0 for none.
size_t ChecksumSize(ChecksumKind kind);
// The checksum for a student, with what computes it: "the Internet checksum (RFC 1071)", "the
// CRC-32 (zlib.crc32() in Python, java.util.zip.CRC32 in Java, crc32() of zlib in C)".
std::string ChecksumInWords(const PacketFormat& format);
// How a program writes the checksum field in the format's byte order: "struct.pack(\"!H\") or
// htons()".
std::string PackChecksumInWords(const PacketFormat& format);

// A field's value, read in the format's byte order; 0 when the bytes end before the field.
uint64_t ReadField(const PacketFormat& format, const Field& field, std::span<const uint8_t> bytes);
// Writes `value` (its low bytes) into the field in the format's byte order, if it fits.
void WriteField(const PacketFormat& format, const Field& field, uint64_t value,
                std::span<uint8_t> bytes);

// A packet of `type` and `seq` carrying `payload` (not limited to payload_max): len = the
// payload's size, the checksum computed, flags and any other field 0.
std::vector<uint8_t> Encode(const PacketFormat& format, uint64_t type, uint64_t seq,
                            std::span<const uint8_t> payload);

// A datagram as read, and what is wrong with it.
struct Decoded {
  bool too_short = false;  // shorter than the header: nothing else is read
  uint64_t type = 0, seq = 0, len = 0, checksum = 0;
  std::span<const uint8_t> payload;  // what follows the header (whatever len says)
  bool length_wrong = false;         // len != bytes after the header, or len > payload_max
  bool checksum_wrong = false;       // the checksum over the whole packet does not verify
  // Why a wrong checksum is wrong, for the diagnosis (each computed, at most one true, in this
  // order). Header and payload only are recognised in either byte order.
  bool checksum_zero = false;          // the field is 0: never computed
  bool checksum_swapped = false;       // it verifies with its bytes reversed (host order, x86)
  bool checksum_header_only = false;   // it is the checksum of the header alone (field 0)
  bool checksum_payload_only = false;  // of the payload alone
  // The seq and len read in the other byte order (for "fields in host byte order" diagnoses).
  uint64_t seq_swapped = 0, len_swapped = 0;

  // Neither too short nor of a wrong length or checksum: a packet a peer takes.
  bool valid() const { return !too_short && !length_wrong && !checksum_wrong; }
};

// Reads `datagram`; its payload points into it.
Decoded Decode(const PacketFormat& format, std::span<const uint8_t> datagram);

// One line: "DATA seq=3 len=1000", "ACK seq=4", "FIN seq=12", "type 7 seq=5 len=0", then what
// is wrong: " (len 20 but 12 bytes follow)", " (checksum wrong: never computed)", ...
std::string Describe(const PacketFormat& format, const Decoded& packet);

}  // namespace netgrade::transport
