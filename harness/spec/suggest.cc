#include "harness/spec/suggest.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace netgrade::spec {
namespace {

size_t Distance(const std::string& a, const std::string& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

}  // namespace

std::string Nearest(const std::string& word, const std::vector<std::string>& candidates) {
  if (word.size() > 64) return "";
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const std::string& c : candidates) {
    if (c == word) return "";  // nothing to suggest for a word that is right
    size_t dist = Distance(word, c);
    if (dist < best_distance) {
      best_distance = dist;
      best = c;
    }
  }
  // Close enough: only the letter case differs ("TCP" for "tcp"), or at most a third of the
  // longer word wrong ...
  size_t longest = std::max(word.size(), best.size());
  if (!best.empty() && best_distance * 3 <= longest + 1) return best;
  // ... or the same first four letters ("reply" for "replies").
  if (word.size() >= 4)
    for (const std::string& c : candidates)
      if (c.size() >= 4 && c.compare(0, 4, word, 0, 4) == 0 && c != word) return c;
  return "";
}

}  // namespace netgrade::spec
