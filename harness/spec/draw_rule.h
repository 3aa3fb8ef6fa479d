// A message a spec has drawn from the run's seed instead of written out, as plain data;
// draw.h draws it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "harness/spec/mark.h"

namespace netgrade::spec {

// A message drawn from the case's seed (draw.h): words in the given letters, `min_words` to
// `max_words` of them or, with `bytes`, as many as fill a line of that length; or a number.
struct Draw {
  // kHost: a host name of lower-case labels ("kelp-river.example.org"); kIpv4: an address of
  // the documentation ranges (RFC 5737), never the machine's own.
  enum class Kind { kWords, kNumber, kHost, kIpv4 };
  enum class Letters { kLower, kUpper, kMixed, kTitle };
  Kind kind = Kind::kWords;
  int min_words = 2;
  int max_words = 5;
  int64_t bytes = 0;
  Letters letters = Letters::kMixed;
  int64_t from = 0, to = 999;  // a number
  Mark mark;
};

// The message at `at` of a list (a connection's send, a case's stdin) is drawn.
struct DrawAt {
  size_t at = 0;
  Draw draw;
};

}  // namespace netgrade::spec
