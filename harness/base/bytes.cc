#include "harness/base/bytes.h"

#include <fmt/core.h>

#include <algorithm>

namespace netgrade {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int Base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// A character as a message names it: 'g', or its code when it is not printable.
std::string Named(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("the byte 0x{:02x}", u);
}

}  // namespace

std::optional<std::string> DecodeHex(std::string_view hex, DecodeError* error) {
  std::string out;
  size_t digits = 0;
  int high = -1;  // the first digit of a pair, while the second is awaited
  size_t pair_at = 0;
  for (size_t i = 0; i < hex.size(); ++i) {
    char c = hex[i];
    if (Blank(c)) {
      if (high >= 0) {
        *error = {fmt::format("a blank splits the pair of hex digits that starts at character "
                              "{}: write each byte as two digits together (\"0a\", not \"0 a\")",
                              pair_at + 1),
                  i};
        return std::nullopt;
      }
      continue;
    }
    int d = HexDigit(c);
    if (d < 0) {
      *error = {fmt::format("{} at character {} is no hex digit: write each byte as two of "
                            "0-9 and a-f (\"ff 0a\")",
                            Named(c), i + 1),
                i};
      return std::nullopt;
    }
    ++digits;
    if (high < 0) {
      high = d;
      pair_at = i;
    } else {
      out += static_cast<char>(high * 16 + d);
      high = -1;
    }
  }
  if (high >= 0) {
    *error = {fmt::format("an odd number of hex digits ({}): each byte is two digits, so the "
                          "last one has no pair (write 0a for 10, not a)",
                          digits),
              pair_at};
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> DecodeBase64(std::string_view base64, DecodeError* error) {
  std::string out;
  unsigned value = 0;
  int bits = 0;
  size_t count = 0;    // characters of the alphabet and padding, blanks left out
  size_t padding = 0;  // '=' seen
  for (size_t i = 0; i < base64.size(); ++i) {
    char c = base64[i];
    if (Blank(c)) continue;
    if (c == '=') {
      ++padding;
      ++count;
      continue;
    }
    int d = Base64Digit(c);
    if (d < 0 || padding > 0) {
      *error = {d < 0 ? fmt::format("{} at character {} is not base64 (A-Z, a-z, 0-9, + and /, "
                                    "with = at the end)",
                                    Named(c), i + 1)
                      : fmt::format("'=' pads the end of base64 only, and {} comes after it at "
                                    "character {}",
                                    Named(c), i + 1),
                i};
      return std::nullopt;
    }
    ++count;
    value = (value << 6) | static_cast<unsigned>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xff);
    }
  }
  if (count % 4 != 0 || padding > 2) {
    *error = {fmt::format("{} base64 characters: base64 comes in groups of 4 (pad the last "
                          "with = or ==)",
                          count),
              base64.size()};
    return std::nullopt;
  }
  return out;
}

std::string HexBytes(std::string_view bytes, size_t max_bytes) {
  std::string out;
  size_t shown = std::min(bytes.size(), max_bytes);
  for (size_t i = 0; i < shown; ++i)
    out += fmt::format("{}{:02x}", i == 0 ? "" : " ", static_cast<unsigned char>(bytes[i]));
  if (shown < bytes.size()) out += fmt::format(" ... ({} bytes in all)", bytes.size());
  return out;
}

std::vector<std::string> HexDumpLines(std::string_view bytes, size_t from, size_t to) {
  std::vector<std::string> out;
  to = std::min(to, bytes.size());
  for (size_t row = from / 16 * 16; row < to; row += 16) {
    std::string hex, ascii;
    for (size_t i = 0; i < 16; ++i) {
      if (i == 8) hex += ' ';
      if (row + i < bytes.size()) {
        auto b = static_cast<unsigned char>(bytes[row + i]);
        hex += fmt::format("{:02x} ", b);
        ascii += b >= 0x20 && b < 0x7f ? static_cast<char>(b) : '.';
      } else {
        hex += "   ";
      }
    }
    out.push_back(fmt::format("{:08x}  {} |{}|", row, hex, ascii));
  }
  return out;
}

size_t HexDumpColumn(size_t offset) {
  size_t i = offset % 16;
  return 10 + 3 * i + (i >= 8 ? 1 : 0);
}

std::optional<size_t> FirstDifferingByte(std::string_view a, std::string_view b) {
  if (a == b) return std::nullopt;
  size_t k = 0;
  while (k < a.size() && k < b.size() && a[k] == b[k]) ++k;
  return k;
}

uint64_t ReadUnsigned(std::string_view bytes, bool little_endian) {
  uint64_t value = 0;
  for (size_t i = 0; i < bytes.size() && i < 8; ++i) {
    size_t at = little_endian ? bytes.size() - 1 - i : i;
    value = (value << 8) | static_cast<unsigned char>(bytes[at]);
  }
  return value;
}

}  // namespace netgrade
