#include "harness/spec/line_rules.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

constexpr int64_t kMaxLines = 1000000;
constexpr const char* kHint = "hint";

// Compiled here only to be refused early: the judge compiles it again (RE2 objects are not
// plain data, and a spec is).
bool Compiles(const YAML::Node& at, const std::string& key, const std::string& pattern,
              YamlReader& r) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(pattern, options);
  if (re.ok()) return true;
  r.Error(at, fmt::format("the pattern of '{}' is not a valid regular expression (RE2): {}", key,
                          re.error()));
  return false;
}

// An item of _matches or _contains: a string, or {pattern|text: STRING, hint: STRING}.
void LoadItem(const YAML::Node& n, const std::string& key, LineRule::Kind kind, YamlReader& r,
              std::vector<LineRule>* out) {
  const char* field = kind == LineRule::Kind::kMatches ? "pattern" : "text";
  LineRule rule;
  rule.kind = kind;
  rule.mark = YamlReader::MarkOf(n);
  if (n.IsMap()) {
    if (!r.Map(n, "an item of '" + key + "'", {field, "hint"})) return;
    if (!r.Required(n, field, "an item of '" + key + "'")) return;
    if (n["hint"]) {
      auto hint = r.String(n["hint"], "hint");
      if (!hint) return;
      rule.hint = *hint;
    }
  }
  // Not assigned later: assigning a yaml-cpp node rewrites the node it refers to.
  const YAML::Node value = n.IsMap() ? n[field] : n;
  auto text = r.String(value, key);
  if (!text) return;
  if (text->empty()) {
    r.Error(value, fmt::format("an empty {} in '{}' would hold for any line", field, key));
    return;
  }
  if (kind == LineRule::Kind::kMatches && !Compiles(value, key, *text, r)) return;
  rule.pattern = *text;
  out->push_back(std::move(rule));
}

// An item of _lines: N (exactly N non-blank lines), or {matching: PATTERN, exactly: N,
// at_least: N, at_most: N, hint: STRING}.
void LoadCount(const YAML::Node& n, const std::string& key, YamlReader& r,
               std::vector<LineRule>* out) {
  LineRule rule;
  rule.kind = LineRule::Kind::kCount;
  rule.mark = YamlReader::MarkOf(n);
  if (!n.IsMap()) {
    auto v = r.Integer(n, key, 0, kMaxLines);
    if (!v) return;
    rule.at_least = rule.at_most = *v;
    out->push_back(std::move(rule));
    return;
  }
  const std::string what = "an item of '" + key + "'";
  if (!r.Map(n, what, LineCountKeys())) return;
  bool ok = true;
  if (n["matching"]) {
    auto p = r.String(n["matching"], "matching");
    ok = p && Compiles(n["matching"], key, *p, r);
    if (ok) rule.pattern = *p;
  }
  if (n["hint"]) {
    auto hint = r.String(n["hint"], "hint");
    ok = ok && hint;
    if (hint) rule.hint = *hint;
  }
  if (n["resends"]) {
    auto v = r.Enum(n["resends"], "resends", {"counted", "once"});
    ok = ok && v;
    if (v) rule.resends_counted = *v == "counted";
    if (v && key != "received_lines") {
      r.Error(n["resends"], fmt::format("'resends' says how '{}' counts a datagram sent again; "
                                        "only 'received_lines' counts datagrams",
                                        key));
      ok = false;
    }
  }
  auto bound = [&](const char* k) -> std::optional<int64_t> {
    if (!n[k]) return std::nullopt;
    auto v = r.Integer(n[k], k, 0, kMaxLines);
    ok = ok && v;
    return v;
  };
  auto exactly = bound("exactly");
  auto at_least = bound("at_least");
  auto at_most = bound("at_most");
  if (!ok) return;
  if (!n["exactly"] && !n["at_least"] && !n["at_most"]) {
    r.Error(n, fmt::format("{} needs a count: 'exactly', 'at_least' or 'at_most'", what));
    return;
  }
  if (exactly && (at_least || at_most)) {
    r.Error(n["exactly"], "'exactly' goes alone; 'at_least' and 'at_most' give a range");
    return;
  }
  if (at_least && at_most && *at_least > *at_most) {
    r.Error(n["at_most"],
            fmt::format("'at_most' ({}) is below 'at_least' ({})", *at_most, *at_least));
    return;
  }
  rule.at_least = exactly ? *exactly : at_least.value_or(0);
  rule.at_most = exactly ? *exactly : at_most.value_or(-1);
  out->push_back(std::move(rule));
}

}  // namespace

std::vector<std::string> LineRuleItemKeys() { return {"pattern", "text", kHint}; }

std::vector<std::string> LineCountKeys() {
  return {"matching", "exactly", "at_least", "at_most", kHint, "resends"};
}

std::vector<std::string> LineRuleKeys(const std::string& prefix) {
  return {prefix + "_matches", prefix + "_contains", prefix + "_lines"};
}

void LoadLineRules(const YAML::Node& expect, const std::string& prefix, YamlReader& r,
                   std::vector<LineRule>* out) {
  const std::string matches = prefix + "_matches", contains = prefix + "_contains",
                    lines = prefix + "_lines";
  for (auto [key, kind] : {std::pair{matches, LineRule::Kind::kMatches},
                           std::pair{contains, LineRule::Kind::kContains}}) {
    const YAML::Node n = expect[key];
    if (!n) continue;
    if (n.IsSequence()) {
      if (n.size() == 0) r.Error(n, fmt::format("'{}' is an empty list", key));
      for (const YAML::Node& item : n) LoadItem(item, key, kind, r, out);
    } else {
      LoadItem(n, key, kind, r, out);
    }
  }
  if (const YAML::Node n = expect[lines]) {
    if (n.IsSequence()) {
      if (n.size() == 0) r.Error(n, fmt::format("'{}' is an empty list", lines));
      for (const YAML::Node& item : n) LoadCount(item, lines, r, out);
    } else {
      LoadCount(n, lines, r, out);
    }
  }
}

}  // namespace netgrade::spec
