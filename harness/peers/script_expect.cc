#include "harness/peers/script_expect.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include <memory>

#include "harness/base/bytes.h"
#include "harness/base/text.h"
#include "harness/spec/regex_cache.h"
#include "harness/spec/reply.h"

namespace netgrade::peers {

std::optional<std::string> ExpectedText(const spec::Answer& answer, const std::string& last_sent,
                                        int n) {
  using Kind = spec::Answer::Kind;
  switch (answer.kind) {
    case Kind::kUpper:
      return Upper(last_sent);
    case Kind::kSame:
      return last_sent;
    case Kind::kExact:
      return answer.text;
    case Kind::kTemplate:
      return spec::ApplyReplyTemplate(answer.text, last_sent, n);
    case Kind::kBytes:
      return answer.text;
    case Kind::kLengthPrefix:
      if (answer.body_given) return LengthPrefixed(answer, answer.text);
      break;
    case Kind::kUntil:
      if (answer.body_given) return answer.text + answer.delimiter;
      break;
    case Kind::kMatches:
    case Kind::kNothing:
    case Kind::kCount:
      break;
  }
  return std::nullopt;
}

std::string LengthPrefixed(const spec::Answer& answer, const std::string& body) {
  std::string prefix;
  for (int i = 0; i < answer.prefix_size; ++i) {
    int shift = 8 * (answer.little_endian ? i : answer.prefix_size - 1 - i);
    prefix += static_cast<char>((body.size() >> shift) & 0xff);
  }
  return prefix + body;
}

std::string ByteOrderName(bool little_endian) {
  return little_endian ? "little-endian (least significant byte first)"
                       : "big-endian (most significant byte first, the network byte order)";
}

bool AnswerMatches(const spec::Answer& answer, const std::string& last_sent, int n,
                   const std::string& got) {
  if (answer.kind == spec::Answer::Kind::kNothing) return false;
  if (answer.kind == spec::Answer::Kind::kMatches) {
    std::shared_ptr<const RE2> re = spec::Compiled(answer.text);
    return re->ok() && RE2::PartialMatch(got, *re);
  }
  return ExpectedText(answer, last_sent, n) == got;
}

std::string DescribeExpected(const spec::Answer& answer, const std::string& last_sent, int n) {
  using Kind = spec::Answer::Kind;
  if (answer.kind == Kind::kNothing) return "nothing";
  auto bytes = [](size_t count) { return fmt::format("{} byte{}", count, count == 1 ? "" : "s"); };
  // Their hex when they are few: a report's hex dump shows more.
  auto spelt = [&](const std::string& b) {
    return b.size() <= kShortBytes ? fmt::format("{} ({})", bytes(b.size()), HexBytes(b))
                                   : bytes(b.size());
  };
  switch (answer.kind) {
    case Kind::kBytes:
      return spelt(answer.text);
    case Kind::kCount:
      return bytes(static_cast<size_t>(answer.count)) + " of any value";
    case Kind::kLengthPrefix:
      return fmt::format("a {}-byte length, {}, then that many bytes{}", answer.prefix_size,
                         ByteOrderName(answer.little_endian),
                         answer.body_given ? ": " + spelt(answer.text) : "");
    case Kind::kUntil:
      return answer.body_given
                 ? fmt::format("{} then {}", spelt(answer.text), HexBytes(answer.delimiter))
                 : fmt::format("bytes up to {}", HexBytes(answer.delimiter));
    default:
      break;
  }
  if (answer.kind == spec::Answer::Kind::kMatches)
    return "a line matching /" + EscapeText(answer.text, 80) + "/";
  return Quote(*ExpectedText(answer, last_sent, n));
}

}  // namespace netgrade::peers
