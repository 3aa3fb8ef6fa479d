#pragma once

#include <string>
#include <vector>

namespace netgrade::spec {

// The candidate nearest to `word` by edit distance (transpositions count as one edit), or ""
// when none is close enough to be what was meant.
std::string Nearest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace netgrade::spec
