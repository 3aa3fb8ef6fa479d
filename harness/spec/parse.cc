#include "harness/spec/parse.h"

#include <fmt/core.h>

#include <set>
#include <string>

namespace netgrade::spec {
namespace {

Mark PositionOf(std::string_view text, size_t offset) {
  Mark m{1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++m.line;
      m.column = 1;
    } else {
      ++m.column;
    }
  }
  return m;
}

// The flow depth ([ and {) first reached past `limit`, if any: yaml-cpp gives up on deep
// nesting with a message and no position.
std::optional<size_t> TooDeep(std::string_view text, int limit) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[' || text[i] == '{') {
      if (++depth > limit) return i;
    } else if (text[i] == ']' || text[i] == '}') {
      depth = depth > 0 ? depth - 1 : 0;
    }
  }
  return std::nullopt;
}

class Merger {
 public:
  Merger(const std::string& file, std::vector<SpecError>* errors) : file_(file), errors_(errors) {}

  // Expands every `<<` below `node`, each shared (aliased) collection once.
  void Expand(YAML::Node node) {
    if (!node.IsMap() && !node.IsSequence()) return;
    if (!node.Mark().is_null() && !done_.insert(node.Mark().pos).second) return;
    if (node.IsSequence()) {
      for (YAML::Node item : node) Expand(item);
      return;
    }
    std::vector<YAML::Node> sources;
    for (auto kv : node) {
      Expand(kv.second);
      if (!kv.first.IsScalar() || kv.first.Scalar() != "<<" || kv.first.Tag() != "?") continue;
      if (kv.second.IsMap()) {
        sources.push_back(kv.second);
      } else if (kv.second.IsSequence()) {
        for (YAML::Node s : kv.second) {
          if (s.IsMap())
            sources.push_back(s);
          else
            Error(s, "'<<' merges maps: each item must be an alias of a map (<<: [*a, *b])");
        }
      } else {
        Error(kv.second, "'<<' merges a map: give an alias of a map (<<: *base)");
      }
    }
    // Look-ups go through a const view: yaml-cpp's non-const operator[] adds the key it looks for.
    const YAML::Node& view = node;
    if (sources.empty() && !view["<<"]) return;
    while (node.remove("<<")) {
    }
    for (const YAML::Node& source : sources)
      for (auto kv : source)
        if (kv.first.IsScalar() && !view[kv.first.Scalar()]) node.force_insert(kv.first, kv.second);
  }

 private:
  void Error(const YAML::Node& at, const std::string& message) {
    YAML::Mark m = at.Mark();
    errors_->push_back({file_, m.is_null() ? Mark{} : Mark{m.line + 1, m.column + 1}, message});
  }
  std::string file_;
  std::vector<SpecError>* errors_;
  std::set<int> done_;
};

}  // namespace

std::optional<Mark> UnclosedQuote(std::string_view text) {
  char open = 0;  // the quote we are in, or 0
  size_t opened_at = 0;
  char last = '\n';  // the last character outside spaces, outside quotes
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (open == '"') {
      if (c == '\\')
        ++i;
      else if (c == '"')
        open = 0, last = 'x';
      continue;
    }
    if (open == '\'') {
      if (c == '\'' && i + 1 < text.size() && text[i + 1] == '\'')
        ++i;
      else if (c == '\'')
        open = 0, last = 'x';
      continue;
    }
    if (c == '#' && (last == '\n' || i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    if ((c == '"' || c == '\'') &&
        std::string_view("\n:-[{,?").find(last) != std::string_view::npos) {
      open = c;
      opened_at = i;
      continue;
    }
    if (c != ' ' && c != '\t') last = c;
  }
  if (open == 0) return std::nullopt;
  return PositionOf(text, opened_at);
}

std::optional<YAML::Node> ParseYaml(std::string_view text, const std::string& file,
                                    std::vector<SpecError>* errors) {
  size_t nul = text.find('\0');
  if (nul != std::string_view::npos) {
    errors->push_back(
        {file, PositionOf(text, nul),
         fmt::format(
             "this is not a text file (a NUL byte at offset {}); a spec is a YAML text file",
             nul)});
    return std::nullopt;
  }
  if (auto deep = TooDeep(text, 200)) {
    errors->push_back({file, PositionOf(text, *deep),
                       "YAML nested more than 200 levels deep; a spec needs a few"});
    return std::nullopt;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    Mark at = e.mark.is_null() ? Mark{1, 1} : Mark{e.mark.line + 1, e.mark.column + 1};
    std::string message = "YAML syntax error: " + e.msg;
    // yaml-cpp's word for "nested past its recursion limit".
    if (e.msg == "bad file") message = "YAML nested too deeply here; a spec needs a few levels";
    // yaml-cpp notices an unclosed quote only at the end of the file; point at the quote.
    Mark end = PositionOf(text, text.size());
    if (auto quote = UnclosedQuote(text); quote && at.line + 1 >= end.line) {
      message = fmt::format(
          "YAML syntax error: the quote opened here is never closed (the parser said: {} at {}:{})",
          e.msg, at.line, at.column);
      at = *quote;
    }
    errors->push_back({file, at, message});
    return std::nullopt;
  }
  try {
    Merger(file, errors).Expand(root);
  } catch (const YAML::Exception& e) {
    errors->push_back({file, {1, 1}, "cannot merge '<<' keys: " + e.msg});
    return std::nullopt;
  }
  return root;
}

}  // namespace netgrade::spec
