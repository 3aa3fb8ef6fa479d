// The lines a pinger prints in words of its own (the textbook's `print(delay)`, "Reply from
// 203.0.113.9: time=21.3 ms", "Request timed out."), read for `round_trips: free_form`: which
// lines are about a request, and what each says. Pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace netgrade::icmp {

struct PrintedLine {
  std::string line;      // as printed, without its newline
  bool timeout = false;  // it says the reply did not come ("timed out", "timeout", "lost")
  double value = 0;      // else the round trip it shows, as printed
  // The unit written after it: "ms", "s", or "" when none (seconds or milliseconds: the
  // check takes whichever fits).
  std::string unit;
};

// The lines of `out` about a request, in order: each line that says a timeout, or shows a
// number once IPv4 addresses and numbers that say they are no time ("bytes=36", "TTL=60",
// "16 bytes", "Type: 0") are left out (a header such as "Pinging 203.0.113.9:" shows none).
// Its time: the first number with a unit of time after it, else the line's last number.
// At most `most` lines; of each line its first kReadChars characters are read.
inline constexpr size_t kReadChars = 200;
std::vector<PrintedLine> FreeFormLines(const std::string& out, size_t most = SIZE_MAX);

}  // namespace netgrade::icmp
