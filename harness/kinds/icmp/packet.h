// IPv4 packets carrying ICMP, as they cross a case's wire (kinds/icmp/wire.h): the Internet
// checksum, reading a packet's IPv4 and ICMP headers (and, in an ICMP error, the header of the
// request it is about), and building the few packets the wire makes itself (an echo reply of
// another identifier). Pure functions of bytes: no socket.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netgrade::icmp {

inline constexpr uint8_t kEchoReply = 0;
inline constexpr uint8_t kUnreachable = 3;
inline constexpr uint8_t kEchoRequest = 8;
inline constexpr uint8_t kTimeExceeded = 11;
inline constexpr uint8_t kProtocolIcmp = 1;

// The Internet checksum (RFC 1071) of `bytes`: the one's complement of the one's-complement sum
// of its 16-bit big-endian words (an odd last byte padded with a zero after it), as the value
// to store big-endian. A block whose checksum field holds it sums to 0: Checksum() == 0.
uint16_t Checksum(std::string_view bytes);

// An IPv4 address held as a number (most significant byte first) and as text.
std::string AddressText(uint32_t address);
// 0 and false when `text` is no dotted IPv4 address.
bool ParseAddress(std::string_view text, uint32_t* address);

// The fields of an ICMP echo request or reply, or of an error (type 3 or 11) with the echo
// header it quotes. Identifier and sequence as read big-endian: a program that packed them in
// the machine's order (x86) sends seq 1 as 0x0100 (see SequenceOrder).
struct IcmpHeader {
  uint8_t type = 0;
  uint8_t code = 0;
  uint16_t checksum = 0;  // as found
  uint16_t identifier = 0;
  uint16_t sequence = 0;
  bool checksum_ok = false;  // over the whole ICMP message (header and data)
  std::string data;          // after the 8-byte header
};

struct Packet {
  uint32_t source = 0;
  uint32_t destination = 0;
  uint8_t ttl = 0;
  uint8_t protocol = 0;
  size_t header_length = 0;  // of the IPv4 header: 20 with no options
  // ICMP only (protocol 1, not a fragment after the first): the message.
  std::optional<IcmpHeader> icmp;
  // An ICMP error (type 3, 11): the IPv4 packet it quotes (header and the first 8 bytes of the
  // ICMP message that caused it, at least), read as a packet of its own, its checksum unknown.
  std::optional<IcmpHeader> quoted;
  uint32_t quoted_source = 0;
  uint32_t quoted_destination = 0;
  uint8_t quoted_ttl = 0;
};

// Reads an IPv4 packet; nullopt when it is none (too short, not version 4, a header length
// past its end). `why` (optional) says what was wrong.
std::optional<Packet> Parse(std::string_view bytes, std::string* why = nullptr);

// An IPv4 packet (no options, DF clear, id 0) from `source` to `destination` with `ttl`,
// carrying an ICMP message of `type`/`code` with identifier, sequence (stored big-endian as
// given) and `data`, both checksums computed.
std::string Build(uint32_t source, uint32_t destination, uint8_t ttl, uint8_t type, uint8_t code,
                  uint16_t identifier, uint16_t sequence, std::string_view data);

// Which byte order a sequence number read big-endian as `wire` holds `n` in: network order
// (wire == n), the machine's on a little-endian machine (the bytes swapped), or neither. A
// number whose bytes are the same both ways (257, 0x0101) is both: kBoth.
enum class ByteOrder { kNetwork, kSwapped, kBoth, kNeither };
ByteOrder SequenceOrder(uint16_t wire, unsigned n);
uint16_t Swap16(uint16_t v);

// What a wrong checksum most likely comes from, for a beginner: the message as sent, its
// checksum field as found. Among: the two bytes swapped (htons missing or twice), the sum not
// complemented, only the 8-byte header summed, the last odd byte padded on the wrong side. ""
// when none of these explains it (or the checksum is right).
std::string ChecksumMistake(std::string_view message);

}  // namespace netgrade::icmp
