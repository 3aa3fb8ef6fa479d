// What a script's `expect` step (spec::Answer) accepts as the line or datagram that came, and
// how a diagnosis names what it expected: the upper case of the last text sent, that text
// itself, an exact text, a line an RE2 pattern is found in, or a template.
#pragma once

#include <optional>
#include <string>

#include "harness/spec/spec.h"

namespace netgrade::peers {

// The one text the answer must be (kUpper, kSame, kExact, kTemplate); nullopt for kMatches
// and kNothing. `last_sent`: the last text sent on the connection; `n`: its 1-based index.
std::optional<std::string> ExpectedText(const spec::Answer& answer, const std::string& last_sent,
                                        int n);

// Bytes up to this many are spelt in hex in a diagnosis's words ("5 bytes (68 65 6c 6c 6f)");
// more are counted, and the report's hex dump shows them.
inline constexpr size_t kShortBytes = 16;

// `body` after its length as `answer` (kLengthPrefix) says the prefix goes: its size and
// byte order.
std::string LengthPrefixed(const spec::Answer& answer, const std::string& body);

// "big-endian (most significant byte first, the network byte order)" or "little-endian (...)".
std::string ByteOrderName(bool little_endian);

// Whether `got` (one line without its newline, a trailing '\r' removed; or one datagram's
// message) is the answer. Never true for kNothing. An invalid pattern matches nothing (the
// spec loader rejects it first).
bool AnswerMatches(const spec::Answer& answer, const std::string& last_sent, int n,
                   const std::string& got);

// What was expected, for a diagnosis: "'HELLO'", "a line matching /^PONG \d+$/", "nothing".
std::string DescribeExpected(const spec::Answer& answer, const std::string& last_sent, int n);

}  // namespace netgrade::peers
