#include "harness/check/spec_hints.h"

namespace netgrade::check {

std::string AppendHint(std::string message, const std::string& hint) {
  if (hint.empty()) return message;
  if (!message.empty()) message += " ";
  message += hint;
  // A hint written as a phrase ("print one line per name") still ends its sentence.
  if (std::string_view(".!?:)").find(message.back()) == std::string_view::npos) message += ".";
  return message;
}

std::string HintSentence(const std::string& hint) { return AppendHint("", hint); }

Finding WithCheckHint(Finding f, const spec::Expect& e, std::string_view check) {
  if (f.ok()) return f;
  auto it = e.hints.find(std::string(check));
  if (it != e.hints.end()) f.AddNote(HintSentence(it->second));
  return f;
}

Finding WithLinesHint(Finding f, const spec::Expect& e, std::string_view check) {
  if (f.ok()) return f;
  const bool out = check == "stdout";
  const std::vector<std::string>& lines = out ? e.stdout_lines : e.received_lines;
  const std::vector<std::string>& hints = out ? e.stdout_line_hints : e.received_line_hints;
  if (f.difference && f.difference->expected)
    for (size_t i = 0; i < lines.size() && i < hints.size(); ++i)
      if (!hints[i].empty() && lines[i] == *f.difference->expected) {
        f.AddNote(HintSentence(hints[i]));
        return f;
      }
  return WithCheckHint(std::move(f), e, check);
}

}  // namespace netgrade::check
