#include "harness/check/finding.h"

namespace netgrade::check {

std::string JoinParts(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty() && out.back() != '\n' && part.front() != '\n') out += ' ';
    out += part;
  }
  return out;
}

std::string Finding::Text() const {
  std::vector<std::string> parts = {cause, evidence, fix};
  parts.insert(parts.end(), notes.begin(), notes.end());
  return JoinParts(parts);
}

std::string Finding::Rest() const {
  Finding rest = *this;
  rest.cause.clear();
  return rest.Text();
}

}  // namespace netgrade::check
