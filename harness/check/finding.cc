#include "harness/check/finding.h"

namespace netgrade::check {

namespace {

// The parts joined, each as `of` gives it.
template <typename Of>
std::string Joined(const std::vector<Phrase>& parts, Of of) {
  std::string out;
  for (const Phrase& part : parts) {
    if (part.empty()) continue;
    const std::string& piece = of(part);
    if (!out.empty() && out.back() != '\n' && piece.front() != '\n') out += ' ';
    out += piece;
  }
  return out;
}

}  // namespace

Phrase JoinParts(const std::vector<Phrase>& parts) {
  bool shaped = false, marked = false;
  for (const Phrase& part : parts) {
    shaped = shaped || !part.shape().empty();
    marked = marked || !part.without_case_port().empty();
  }
  std::string text = Joined(parts, [](const Phrase& w) -> const std::string& { return w; });
  if (!shaped && !marked) return text;
  // A part without a shape stands for itself: its text (the words are as fine as they were
  // made, never coarser).
  return Phrase::Shaped(std::move(text),
                        !shaped ? ""
                                : Joined(parts,
                                         [](const Phrase& w) -> const std::string& {
                                           return w.shape().empty() ? w.text() : w.shape();
                                         }),
                        !marked ? "" : Joined(parts, [](const Phrase& w) -> const std::string& {
                          return w.without_case_port().empty() ? w.text() : w.without_case_port();
                        }));
}

Phrase Finding::Text() const {
  std::vector<Phrase> parts = {cause, evidence, fix};
  parts.insert(parts.end(), notes.begin(), notes.end());
  return JoinParts(parts);
}

Phrase Finding::Rest() const {
  Finding rest = *this;
  rest.cause.clear();
  return rest.Text();
}

std::string Finding::WithoutCasePort() const { return Text().without_case_port(); }

}  // namespace netgrade::check
