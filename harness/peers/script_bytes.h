// What a script's `expect` of bytes (hex, base64, bytes, length_prefix, until) takes from a
// TCP stream or a datagram, and what the bytes tell of a mistake (the player's side is in
// script_bytes.cc, beside the other steps of script_steps.cc).
#pragma once

#include <optional>
#include <string>

#include "harness/spec/spec.h"

namespace netgrade::peers {

// The most a length prefix may announce: what the grader keeps of a case (kRecordBytes). A
// prefix that says more fails at once, rather than waiting for bytes that cannot be kept.
size_t MostPrefixedBytes();

// How many bytes of a TCP stream that begins with `came` make the answer `a` (a binary
// kind): its size, the prefix and the length it announces, the bytes up to and with the
// delimiter; nullopt while too few have come to know (a prefix or delimiter not yet there).
std::optional<size_t> BytesNeeded(const spec::Answer& a, const std::string& came);

// What `got` (a whole answer of `a`: as many bytes as BytesNeeded said, or one datagram
// when !stream) holds that later steps may use under `a.capture`: the bytes after a length
// prefix, before a delimiter, or all of them.
std::string BytesBody(const spec::Answer& a, const std::string& got);

// Whether `got` is the answer `a` asks for (see BytesBody for `stream`).
bool BytesMatch(const spec::Answer& a, const std::string& got, bool stream);

// A sentence for a beginner when `came` (what came: a stream's bytes not taken, or one
// datagram when !stream) starts with a length prefix written in the other byte order than
// `a` says: read so, the length is what followed; "" otherwise (and for other kinds).
std::string BytesNote(const spec::Answer& a, const std::string& came, bool stream);

// A sentence for a beginner when nothing came for `a` (a length prefix) after the peer sent
// `sent`, bytes that start with a length in the same framing: a program that reads that
// length in the other byte order waits for more bytes than came; "" otherwise.
std::string SentNote(const spec::Answer& a, const std::string& sent);

}  // namespace netgrade::peers
