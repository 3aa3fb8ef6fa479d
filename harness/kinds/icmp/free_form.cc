#include "harness/kinds/icmp/free_form.h"

#include <cstdlib>
#include <regex>

#include "harness/base/text.h"

namespace netgrade::icmp {

std::vector<PrintedLine> FreeFormLines(const std::string& out, size_t most) {
  static const std::regex kAddress(R"(\b\d{1,3}(\.\d{1,3}){3}\b)");
  // Numbers that say what they are, and it is not a time: "bytes=36", "TTL=60", "16 bytes",
  // "ICMP Type: 0", "seq 3".
  static const std::regex kNotTime(
      R"(\b(bytes|ttl|type|code|icmp_seq|seq|sequence|id|identifier|checksum)\b\s*[=:]?\s*\d+|\d+\s*bytes\b)");
  // A timeout in the words students print it in: English, then Portuguese and Spanish ("tempo
  // esgotado", "tiempo agotado", "expirou", "perdido", "sem resposta"), French ("délai
  // dépassé"), German ("Zeitüberschreitung"), Chinese and Japanese. "Unreachable" (and its
  // Portuguese, Spanish, French and German) is no echo reply either: a line with no round trip.
  static const std::regex kTimeout(
      "time[ds]?\\s*-?\\s*out|\\blost\\b|no reply|esgotad|agotad|expir|perdid|sem resposta|"
      "unreachable|inalcan|inacess|injoignable|unerreichbar|"
      "sin respuesta|d(e|\xc3\xa9)pass|zeit(u|\xc3\xbc)berschreitung|\xe8\xb6\x85\xe6\x97\xb6|"
      "\xe3\x82\xbf\xe3\x82\xa4\xe3\x83\xa0\xe3\x82\xa2\xe3\x82\xa6\xe3\x83\x88");
  static const std::regex kNumber(
      R"(([0-9]+(?:\.[0-9]*)?(?:e[-+]?[0-9]+)?)\s*(ms|msec|milliseconds?|s|secs?|seconds?)?\b)");
  std::vector<PrintedLine> lines;
  size_t start = 0;
  while (start < out.size() && lines.size() < most) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    std::string line = out.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // A line's head alone is read: std::regex recurses along a long run of digits, and a
    // program's line may be a megabyte.
    const std::string words = std::regex_replace(
        std::regex_replace(AsciiLower(line.substr(0, kReadChars)), kAddress, " "), kNotTime, " ");
    PrintedLine p;
    p.line = line;
    // A heading or a rule ("=== Pinger (4 hosts x 4 pings) ===", "--- statistics ---", ">>>
    // Testing ..."): about the run, not a request.
    const size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line.size() >= first + 3 &&
        line.find_first_not_of(line[first], first) >= first + 3 &&
        std::string("=-*#>~").find(line[first]) != std::string::npos)
      continue;
    if (std::regex_search(words, kTimeout)) {
      p.timeout = true;
      lines.push_back(p);
      continue;
    }
    bool found = false;
    // The first number with a unit decides; until one comes, the last number seen stands.
    for (std::sregex_iterator it(words.begin(), words.end(), kNumber), e; it != e; ++it) {
      const std::string unit = (*it)[2].str();
      // A whole number of 10000 or more with no unit is no time (an identifier, a count): no
      // round trip takes 10 s, and one in ms is printed with its unit or a fraction.
      if (unit.empty() && (*it)[1].str().find_first_of(".e") == std::string::npos &&
          (*it)[1].str().size() >= 5)
        continue;
      p.value = std::strtod((*it)[1].str().c_str(), nullptr);  // 1e999: inf, no throw
      p.unit = unit.empty() ? "" : unit[0] == 'm' ? "ms" : "s";
      found = true;
      if (!p.unit.empty()) break;
    }
    if (found) lines.push_back(p);
  }
  return lines;
}

}  // namespace netgrade::icmp
