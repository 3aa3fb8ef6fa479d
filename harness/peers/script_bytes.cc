// The script player's expects of bytes (script_player.h): over TCP they take exactly the
// bytes the answer is made of from the stream, lines or not; over UDP, one datagram as it came.
#include "harness/peers/script_bytes.h"

#include <fmt/core.h>

#include "harness/base/bytes.h"
#include "harness/peers/peer_log.h"
#include "harness/peers/script_expect.h"
#include "harness/peers/script_player.h"

namespace netgrade::peers {
namespace {

using Kind = spec::Answer::Kind;

size_t PrefixSize(const spec::Answer& a) { return static_cast<size_t>(a.prefix_size); }

// How to write a length in `little_endian` order, in the languages beginners write.
std::string HowToWrite(int size, bool little_endian) {
  const char* code = size == 1 ? "B" : size == 2 ? "H" : "I";
  std::string python =
      fmt::format("struct.pack('{}{}', n) in Python", little_endian ? "<" : "!", code);
  if (little_endian) return python;
  return python + (size == 2 ? ", htons(n) in C" : size == 4 ? ", htonl(n) in C" : "");
}

}  // namespace

size_t MostPrefixedBytes() { return kRecordBytes; }

std::optional<size_t> BytesNeeded(const spec::Answer& a, const std::string& came) {
  switch (a.kind) {
    case Kind::kBytes:
      return a.text.size();
    case Kind::kCount:
      return static_cast<size_t>(a.count);
    case Kind::kLengthPrefix:
      if (came.size() < PrefixSize(a)) return std::nullopt;
      return PrefixSize(a) +
             ReadUnsigned(std::string_view(came).substr(0, PrefixSize(a)), a.little_endian);
    case Kind::kUntil: {
      size_t at = came.find(a.delimiter);
      if (at == std::string::npos) return std::nullopt;
      return at + a.delimiter.size();
    }
    default:
      break;
  }
  return std::nullopt;
}

std::string BytesBody(const spec::Answer& a, const std::string& got) {
  if (a.kind == Kind::kLengthPrefix) return got.substr(std::min(got.size(), PrefixSize(a)));
  if (a.kind == Kind::kUntil && got.size() >= a.delimiter.size())
    return got.substr(0, got.size() - a.delimiter.size());
  return got;
}

bool BytesMatch(const spec::Answer& a, const std::string& got, bool stream) {
  switch (a.kind) {
    case Kind::kBytes:
      return got == a.text;
    case Kind::kCount:
      return got.size() == static_cast<size_t>(a.count);
    case Kind::kLengthPrefix: {
      if (got.size() < PrefixSize(a)) return false;
      // A stream's answer is as long as its prefix says by construction; a datagram must be.
      std::optional<size_t> need = BytesNeeded(a, got);
      if (!stream && need != got.size()) return false;
      return !a.body_given || BytesBody(a, got) == a.text;
    }
    case Kind::kUntil: {
      size_t d = a.delimiter.size();
      bool ends = got.size() >= d && got.compare(got.size() - d, d, a.delimiter) == 0;
      return ends && (!a.body_given || BytesBody(a, got) == a.text);
    }
    default:
      break;
  }
  return false;
}

std::string BytesNote(const spec::Answer& a, const std::string& came, bool stream) {
  if (a.kind != Kind::kLengthPrefix || a.prefix_size < 2 || came.size() < PrefixSize(a)) return "";
  std::string_view prefix = std::string_view(came).substr(0, PrefixSize(a));
  uint64_t said = ReadUnsigned(prefix, a.little_endian);
  uint64_t other = ReadUnsigned(prefix, !a.little_endian);
  uint64_t rest = came.size() - PrefixSize(a);
  bool wrong = stream ? said > rest && other <= rest : said != rest && other == rest;
  if (!wrong) return "";
  return fmt::format(
      "The {}-byte length prefix {} is {} read {}, as the spec asks, but {} read {}, and {} "
      "byte{} came after it: your program wrote its length {}. Write it {}: {}.",
      a.prefix_size, HexBytes(prefix), said, ByteOrderName(a.little_endian), other,
      ByteOrderName(!a.little_endian), rest, rest == 1 ? "" : "s",
      a.little_endian ? "big-endian" : "little-endian",
      a.little_endian ? "little-endian" : "big-endian", HowToWrite(a.prefix_size, a.little_endian));
}

std::string SentNote(const spec::Answer& a, const std::string& sent) {
  if (a.kind != Kind::kLengthPrefix || a.prefix_size < 2 || sent.size() < PrefixSize(a)) return "";
  std::string_view prefix = std::string_view(sent).substr(0, PrefixSize(a));
  uint64_t said = ReadUnsigned(prefix, a.little_endian);
  uint64_t other = ReadUnsigned(prefix, !a.little_endian);
  uint64_t rest = sent.size() - PrefixSize(a);
  // Only when the bytes sent are framed so (their length is what followed) and the other
  // order asks for more than came.
  if (said != rest || other <= rest) return "";
  const char* code = a.prefix_size == 2 ? "H" : "I";
  return fmt::format(
      "Its message began with the {}-byte length {}: {} read {}, as the spec's framing is, but "
      "{} read {}, so a program that reads the length {} waits for {} bytes that never come. "
      "Read it {}: struct.unpack('{}{}', ...) in Python{}.",
      a.prefix_size, HexBytes(prefix), said, ByteOrderName(a.little_endian), other,
      ByteOrderName(!a.little_endian), a.little_endian ? "big-endian" : "little-endian", other,
      a.little_endian ? "little-endian" : "big-endian", a.little_endian ? "<" : "!", code,
      a.little_endian      ? ""
      : a.prefix_size == 2 ? ", ntohs() in C"
                           : ", ntohl() in C");
}

namespace script_internal {

ScriptPlayer::Status ScriptPlayer::PlayBytes(const spec::Step& s, ScriptConn* c) {
  const spec::Answer& a = s.answer;
  if (!tcp_) {
    std::optional<std::string> got;
    if (c != nullptr)
      got = c->TakeDatagram();
    else if (datagrams_taken_ < datagrams_.size())
      got = datagrams_[datagrams_taken_++].raw;
    if (got) return CheckBytes(s, *got);
    return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
  }
  std::string came = c->Untaken();
  std::optional<size_t> need = BytesNeeded(a, came);
  if (a.kind == spec::Answer::Kind::kLengthPrefix && need &&
      *need - PrefixSize(a) > MostPrefixedBytes()) {
    // A length no case could hold: the program's prefix is wrong. Read in the other byte
    // order it may be the length of what follows: that is waited for (until the program
    // rests or closes), so that the diagnosis names the byte order however the bytes came.
    uint64_t other =
        ReadUnsigned(std::string_view(came).substr(0, PrefixSize(a)), !a.little_endian);
    if (other <= MostPrefixedBytes() && came.size() - PrefixSize(a) < other && !at_rest_ &&
        !c->ended() && !c->send_failed())
      return Status::kWait;
    ScriptFailure f = Base(s);
    f.kind = ScriptFailure::Kind::kWrongAnswer;
    f.received = came;
    f.bytes_note = BytesNote(a, came, true);
    if (f.bytes_note.empty())
      f.bytes_note = fmt::format(
          "Its length prefix {} says {} bytes follow, more than a case may hold ({}): write "
          "the length of the bytes that follow, {}.",
          HexBytes(came.substr(0, PrefixSize(a))), *need - PrefixSize(a), MostPrefixedBytes(),
          ByteOrderName(a.little_endian));
    return Fail(f);
  }
  // Exact bytes that already differ fail now: more of them cannot make them right.
  if (a.kind == spec::Answer::Kind::kBytes &&
      came.compare(0, std::min(came.size(), a.text.size()), a.text, 0,
                   std::min(came.size(), a.text.size())) != 0) {
    ScriptFailure f = Base(s);
    f.kind = ScriptFailure::Kind::kWrongAnswer;
    f.received = came.substr(0, a.text.size());
    return Fail(f);
  }
  if (need && came.size() >= *need) return CheckBytes(s, *c->TakeBytes(*need));
  if (c->ended() || c->send_failed())
    return Fail(Unmet(log_[c->log_index()].reset ? End::kReset : End::kClosed));
  return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
}

ScriptPlayer::Status ScriptPlayer::CheckBytes(const spec::Step& s, const std::string& got) {
  const spec::Answer& a = s.answer;
  if (BytesMatch(a, got, tcp_)) {
    if (!a.capture.empty()) captures_[a.capture] = BytesBody(a, got);
    return Status::kDone;
  }
  ScriptFailure f = Base(s);
  f.kind = ScriptFailure::Kind::kWrongAnswer;
  f.received = got;
  f.bytes_note = BytesNote(a, got, tcp_);
  return Fail(f);
}

}  // namespace script_internal
}  // namespace netgrade::peers
