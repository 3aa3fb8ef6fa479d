#include "harness/spec/yaml_reader.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "harness/base/quantity.h"
#include "harness/base/text.h"
#include "harness/spec/scalar.h"
#include "harness/spec/suggest.h"

namespace netgrade::spec {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + items[i];
  return out;
}

std::string At(Mark m) { return fmt::format("{}:{}", m.line, m.column); }

// What a YAML 1.2 reader takes a plain scalar of the wrong kind for, and how to fix it.
std::string KindHint(const YAML::Node& node) {
  switch (Classify(node)) {
    case ScalarKind::kInt:
    case ScalarKind::kFloat:
      return fmt::format(" (a number; quote it to mean the text: \"{}\")", Cut(node.Scalar()));
    case ScalarKind::kBool:
      return fmt::format(" (true/false; quote it to mean the text: \"{}\")", Cut(node.Scalar()));
    default:
      return "";
  }
}

}  // namespace

Mark YamlReader::MarkOf(const YAML::Node& node) {
  YAML::Mark m = node.Mark();
  if (m.is_null()) return {};
  return {m.line + 1, m.column + 1};
}

std::optional<Mark> YamlReader::AliasAfter(Mark after) const {
  int line = 1;
  for (size_t at = 0; at < text_.size(); ++line) {
    size_t end = text_.find('\n', at);
    std::string_view l = text_.substr(at, end == std::string_view::npos ? text_.npos : end - at);
    at = end == std::string_view::npos ? text_.size() : end + 1;
    if (line <= after.line) continue;
    size_t dash = l.find_first_not_of(' ');
    if (dash == std::string_view::npos || l[dash] != '-') continue;
    size_t star = l.find_first_not_of(' ', dash + 1);
    if (star != std::string_view::npos && star > dash + 1 && l[star] == '*')
      return Mark{line, static_cast<int>(star) + 1};
  }
  return std::nullopt;
}

void YamlReader::Error(const YAML::Node& at, const std::string& message) {
  Error(MarkOf(at), message);
}

void YamlReader::Error(Mark at, const std::string& message) {
  std::string said = message;
  if (case_at_.line > 0 && at.line > 0 && at.line < case_at_.line)
    said += fmt::format(" (in case {}at line {}, which uses it through a YAML alias)",
                        case_name_.empty() ? "" : "'" + case_name_ + "' ", case_at_.line);
  // A step a `repeat` copied is checked once per copy: its error is told once.
  for (const SpecError& e : *errors_)
    if (e.mark.line == at.line && e.mark.column == at.column && e.message == said) return;
  errors_->push_back({file_, at, said});
}

std::string YamlReader::Found(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  return fmt::format("'{}'", Cut(node.Scalar()));
}

bool YamlReader::Map(const YAML::Node& node, const std::string& what,
                     const std::vector<std::string>& keys) {
  if (!node.IsMap()) {
    Error(node, fmt::format("expected {} to be a map, found {}", what, Found(node)));
    return false;
  }
  NoDuplicateKeys(node, what);
  Mark map_mark = MarkOf(node);
  for (const auto& kv : node) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : Found(kv.first);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    std::string near = Nearest(key, keys);
    if (!near.empty()) {
      Error(kv.first,
            fmt::format("unknown key '{}' in {}; did you mean '{}'?", Cut(key), what, near));
      misspelt_.insert({{map_mark.line, map_mark.column}, near});
    } else {
      Error(kv.first, fmt::format("unknown key '{}' in {} (expected one of: {})", Cut(key), what,
                                  Join(keys)));
    }
  }
  return true;
}

void YamlReader::NoDuplicateKeys(const YAML::Node& map, const std::string& what) {
  std::map<std::string, Mark> seen;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) continue;
    auto [it, fresh] = seen.emplace(kv.first.Scalar(), MarkOf(kv.first));
    if (!fresh)
      Error(kv.first,
            fmt::format("'{}' is given twice in {}: at {} and at {}; keep one",
                        Cut(kv.first.Scalar()), what, At(it->second), At(MarkOf(kv.first))));
  }
}

bool YamlReader::Required(const YAML::Node& map, const char* key, const std::string& what) {
  if (map[key]) return true;
  Mark m = MarkOf(map);
  if (misspelt_.count({{m.line, m.column}, key})) return false;
  Error(map, fmt::format("{} has no '{}'", what, key));
  return false;
}

std::optional<std::string> YamlReader::String(const YAML::Node& node, const std::string& key) {
  if (node.IsScalar() && Classify(node) == ScalarKind::kString) return node.Scalar();
  Error(node,
        fmt::format("expected a string for '{}', found {}{}", key, Found(node), KindHint(node)));
  return std::nullopt;
}

std::optional<int64_t> YamlReader::Integer(const YAML::Node& node, const std::string& key,
                                           int64_t min, int64_t max) {
  std::optional<int64_t> v;
  if (node.IsScalar() && Classify(node) == ScalarKind::kInt) v = ParseInt(node.Scalar());
  if (!v) {
    std::string hint = node.IsScalar() && node.Tag() == "!" ? " (remove the quotes)" : "";
    Error(node,
          fmt::format("expected a whole number for '{}', found {}{}", key, Found(node), hint));
    return std::nullopt;
  }
  if (*v < min || *v > max) {
    Error(node, fmt::format("'{}' must be from {} to {}, found {}", key, min, max, *v));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> YamlReader::Bool(const YAML::Node& node, const std::string& key) {
  if (node.IsScalar() && Classify(node) == ScalarKind::kBool)
    return node.Scalar()[0] == 't' || node.Scalar()[0] == 'T';
  std::string message = fmt::format("expected true or false for '{}', found {}", key, Found(node));
  if (node.IsScalar()) {
    std::string s = AsciiLower(node.Scalar());
    if (s == "yes" || s == "on" || s == "y" || s == "true") message += "; did you mean true?";
    if (s == "no" || s == "off" || s == "n" || s == "false") message += "; did you mean false?";
  }
  Error(node, message);
  return std::nullopt;
}

std::optional<int64_t> YamlReader::DurationMs(const YAML::Node& node, const std::string& key,
                                              int64_t min_ms, int64_t max_ms) {
  std::string why = "such as 5s or 500ms";
  std::optional<int64_t> ms;
  if (node.IsScalar()) ms = ParseDurationMs(node.Scalar(), &why);
  if (!ms) {
    Error(node, fmt::format("expected a duration for '{}' {}, found {}", key, why, Found(node)));
    return std::nullopt;
  }
  if (*ms < min_ms || *ms > max_ms) {
    std::string low = min_ms == 0          ? "from 0ms"
                      : min_ms == 1        ? "more than 0"
                      : min_ms % 1000 == 0 ? fmt::format("at least {}s", min_ms / 1000)
                                           : fmt::format("at least {}ms", min_ms);
    Error(node, fmt::format("'{}' must be {} and at most {}s, found {}", key, low, max_ms / 1000,
                            Cut(node.Scalar())));
    return std::nullopt;
  }
  return ms;
}

std::optional<std::vector<std::string>> YamlReader::StringList(const YAML::Node& node,
                                                               const std::string& key) {
  if (!node.IsSequence()) {
    Error(node, fmt::format("expected a list of strings for '{}', found {}", key, Found(node)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : node) {
    auto s = String(item, key);
    if (!s || !Spend(item, s->size())) return std::nullopt;
    out.push_back(*s);
  }
  return out;
}

std::optional<std::vector<int>> YamlReader::IndexList(const YAML::Node& node,
                                                      const std::string& key) {
  if (!node.IsSequence()) {
    Error(node, fmt::format("expected a list of indices (1, 2, ...) for '{}', found {}", key,
                            Found(node)));
    return std::nullopt;
  }
  std::vector<int> out;
  for (const auto& item : node) {
    auto v = Integer(item, key, 1, 1000000);
    if (!v) return std::nullopt;
    out.push_back(static_cast<int>(*v));
  }
  return out;
}

std::optional<double> YamlReader::Share(const YAML::Node& n, const std::string& key) {
  const ScalarKind kind = Classify(n);
  const bool number_like =
      kind == ScalarKind::kInt || kind == ScalarKind::kFloat ||
      (kind == ScalarKind::kString && !n.Scalar().empty() && n.Scalar().back() == '%');
  bool out_of_range = false;
  std::optional<double> v;
  if (n.IsScalar() && number_like) v = ParseRate(n.Scalar(), &out_of_range);
  if (v) return v;
  if (out_of_range)
    Error(n, fmt::format("'{}' must be from 0 to 1 (0% to 100%), found {}", key, Cut(n.Scalar())));
  else
    Error(n, fmt::format("expected a share for '{}' such as 0.3 or 30%, found {}", key, Found(n)));
  return std::nullopt;
}

std::optional<std::string> YamlReader::Enum(const YAML::Node& node, const std::string& key,
                                            const std::vector<std::string>& allowed) {
  if (node.IsScalar() && Classify(node) == ScalarKind::kString &&
      std::find(allowed.begin(), allowed.end(), node.Scalar()) != allowed.end())
    return node.Scalar();
  std::string message =
      fmt::format("expected one of {} for '{}', found {}", Join(allowed), key, Found(node));
  if (node.IsScalar()) {
    std::string near = Nearest(node.Scalar(), allowed);
    if (!near.empty()) message += fmt::format("; did you mean '{}'?", near);
  }
  Error(node, message);
  return std::nullopt;
}

bool YamlReader::Spend(const YAML::Node& at, size_t bytes) {
  case_bytes_ += static_cast<int64_t>(bytes);
  spec_bytes_ += static_cast<int64_t>(bytes);
  if (case_bytes_ <= kMaxCaseBytes && spec_bytes_ <= kMaxSpecBytes) return true;
  if (case_bytes_ > kMaxCaseBytes && !over_reported_)
    Error(at,
          fmt::format(
              "the messages of this case reach {} MiB here (aliases and 'repeat' count each copy); "
              "a case may hold at most {} MiB",
              case_bytes_ >> 20, kMaxCaseBytes >> 20));
  else if (case_bytes_ <= kMaxCaseBytes && !spec_over_reported_)
    Error(at,
          fmt::format(
              "the messages of the spec reach {} MiB here (aliases and 'repeat' count each copy); "
              "a spec may hold at most {} MiB",
              spec_bytes_ >> 20, kMaxSpecBytes >> 20));
  over_reported_ = true;
  spec_over_reported_ = spec_over_reported_ || spec_bytes_ > kMaxSpecBytes;
  return false;
}

}  // namespace netgrade::spec
