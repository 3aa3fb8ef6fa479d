// Where a line stops fitting an RE2 pattern it was expected to match: the byte a diagnosis
// puts its caret under ("expect: {matches: '^HTTP/1\.[01] 200 OK$'}" got "HTTP/1.1 404 Not
// Found": under the '4'), rather than under column 0 as a plain text difference would.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace netgrade::peers {

// The end of the longest piece of `line` that the pattern could still match if the line went
// on differently from there: the first byte the pattern rejects (line.size() when the line
// ended before the pattern was satisfied). Among the places a match could start (only the
// line's start for a pattern anchored with ^), the one that gets furthest wins. nullopt when
// the pattern matches the line, is not valid RE2, or uses syntax this reading does not follow
// (\Q...\E, a flag group (?i) after the pattern's start): no caret is better than a wrong one.
std::optional<size_t> FirstRejected(const std::string& pattern, const std::string& line);

}  // namespace netgrade::peers
