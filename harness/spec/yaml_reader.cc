#include "harness/spec/yaml_reader.h"

#include <fmt/core.h>

#include <cmath>
#include <regex>

#include "harness/spec/suggest.h"

namespace netgrade::spec {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + items[i];
  return out;
}

std::string Cut(const std::string& s) { return s.size() > 40 ? s.substr(0, 40) + "..." : s; }

}  // namespace

Mark YamlReader::MarkOf(const YAML::Node& node) {
  YAML::Mark m = node.Mark();
  if (m.is_null()) return {};
  return {m.line + 1, m.column + 1};
}

void YamlReader::Error(const YAML::Node& at, const std::string& message) { Error(MarkOf(at), message); }

void YamlReader::Error(Mark at, const std::string& message) { errors_->push_back({file_, at, message}); }

std::string YamlReader::Found(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  return fmt::format("'{}'", Cut(node.Scalar()));
}

bool YamlReader::Map(const YAML::Node& node, const std::string& what, const std::vector<std::string>& keys) {
  if (!node.IsMap()) {
    Error(node, fmt::format("expected {} to be a map, found {}", what, Found(node)));
    return false;
  }
  for (const auto& kv : node) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : Found(kv.first);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    std::string near = Nearest(key, keys);
    if (!near.empty())
      Error(kv.first, fmt::format("unknown key '{}' in {}; did you mean '{}'?", Cut(key), what, near));
    else
      Error(kv.first, fmt::format("unknown key '{}' in {} (expected one of: {})", Cut(key), what, Join(keys)));
  }
  return true;
}

bool YamlReader::Required(const YAML::Node& map, const char* key, const std::string& what) {
  if (map[key]) return true;
  Error(map, fmt::format("{} has no '{}'", what, key));
  return false;
}

std::optional<std::string> YamlReader::String(const YAML::Node& node, const std::string& key) {
  if (node.IsScalar()) return node.Scalar();
  Error(node, fmt::format("expected a string for '{}', found {}", key, Found(node)));
  return std::nullopt;
}

std::optional<int64_t> YamlReader::Integer(const YAML::Node& node, const std::string& key, int64_t min, int64_t max) {
  static const std::regex kInt(R"(-?[0-9]{1,18})");
  if (!node.IsScalar() || !std::regex_match(node.Scalar(), kInt)) {
    Error(node, fmt::format("expected a whole number for '{}', found {}", key, Found(node)));
    return std::nullopt;
  }
  int64_t v = std::stoll(node.Scalar());
  if (v < min || v > max) {
    Error(node, fmt::format("'{}' must be from {} to {}, found {}", key, min, max, v));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> YamlReader::Bool(const YAML::Node& node, const std::string& key) {
  bool v = false;
  if (node.IsScalar() && YAML::convert<bool>::decode(node, v)) return v;
  Error(node, fmt::format("expected true or false for '{}', found {}", key, Found(node)));
  return std::nullopt;
}

std::optional<int64_t> YamlReader::DurationMs(const YAML::Node& node, const std::string& key, int64_t max_ms) {
  static const std::regex kDuration(R"((-?[0-9]{1,9}(?:\.[0-9]{1,6})?)\s*(ms|s|)?)");
  std::smatch m;
  std::string text = node.IsScalar() ? node.Scalar() : "";
  if (!node.IsScalar() || !std::regex_match(text, m, kDuration)) {
    Error(node, fmt::format("expected a duration for '{}' such as 5s or 500ms, found {}", key, Found(node)));
    return std::nullopt;
  }
  double value = std::stod(m[1].str());
  double ms = m[2].str() == "s" ? value * 1000 : value;
  if (ms < 0 || ms > static_cast<double>(max_ms)) {
    Error(node, fmt::format("'{}' must be from 0 to {} s, found {}", key, max_ms / 1000, text));
    return std::nullopt;
  }
  return static_cast<int64_t>(std::llround(ms));
}

std::optional<std::vector<std::string>> YamlReader::StringList(const YAML::Node& node, const std::string& key) {
  if (!node.IsSequence()) {
    Error(node, fmt::format("expected a list of strings for '{}', found {}", key, Found(node)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : node) {
    auto s = String(item, key);
    if (!s) return std::nullopt;
    out.push_back(*s);
  }
  return out;
}

std::optional<std::vector<int>> YamlReader::IndexList(const YAML::Node& node, const std::string& key) {
  if (!node.IsSequence()) {
    Error(node, fmt::format("expected a list of indices (1, 2, ...) for '{}', found {}", key, Found(node)));
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

std::optional<std::string> YamlReader::Enum(const YAML::Node& node, const std::string& key,
                                            const std::vector<std::string>& allowed) {
  if (node.IsScalar() && std::find(allowed.begin(), allowed.end(), node.Scalar()) != allowed.end())
    return node.Scalar();
  std::string message = fmt::format("expected one of {} for '{}', found {}", Join(allowed), key, Found(node));
  if (node.IsScalar()) {
    std::string near = Nearest(node.Scalar(), allowed);
    if (!near.empty()) message += fmt::format("; did you mean '{}'?", near);
  }
  Error(node, message);
  return std::nullopt;
}

}  // namespace netgrade::spec
