// Arbitrary bytes as a spec writes them and as a report shows them: hex ("00 0a ff", blanks
// between pairs allowed) and base64 decoded, bytes shown as hex, a hex dump (offset, hex,
// printable ASCII) of binary data, and an unsigned number read from a length prefix in either
// byte order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netgrade {

// Why a hex or base64 text could not be decoded, and at which character of it (0-based).
struct DecodeError {
  std::string message;
  size_t at = 0;
};

// The bytes `hex` spells: pairs of hex digits in either case, blanks (space, tab, newline)
// allowed between pairs but not inside one. nullopt and *error on an odd number of digits, a
// character that is no hex digit, or a blank that splits a pair.
std::optional<std::string> DecodeHex(std::string_view hex, DecodeError* error);

// The bytes base64 (RFC 4648, the standard alphabet, '=' padding) spells; blanks are ignored.
// nullopt and *error on a character outside the alphabet, a length that is not a multiple of
// 4 once padded, or padding anywhere but at the end.
std::optional<std::string> DecodeBase64(std::string_view base64, DecodeError* error);

// "00 0a ff": each byte as two lower-case hex digits, separated by spaces; at most max_bytes
// of them, then " ... (N bytes in all)".
std::string HexBytes(std::string_view bytes, size_t max_bytes = 16);

// The hex dump of bytes[from, to) by rows of 16, each row starting at a multiple of 16 (so
// `from` is rounded down, `to` up): "00000090  90 91 92 93 94 95 96 97  98 99 9a 9b 9c 9d 9e
// 9f  |................|" (a row that ends early is padded, so that the ASCII lines up).
std::vector<std::string> HexDumpLines(std::string_view bytes, size_t from = 0,
                                      size_t to = std::string_view::npos);

// The column of a HexDumpLines row at which the hex digits of the byte at `offset` start.
size_t HexDumpColumn(size_t offset);

// The offset of the first byte at which `a` and `b` differ, or the length of the shorter when
// it is the start of the longer; nullopt when they are equal.
std::optional<size_t> FirstDifferingByte(std::string_view a, std::string_view b);

// The unsigned number `bytes` (1 to 8 of them) holds, most significant byte first (big-endian,
// network byte order) or last (little-endian).
uint64_t ReadUnsigned(std::string_view bytes, bool little_endian);

}  // namespace netgrade
