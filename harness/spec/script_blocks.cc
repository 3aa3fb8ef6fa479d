#include "harness/spec/script_blocks.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

constexpr int64_t kMaxBlockLines = 100000;
constexpr int64_t kMaxWithinMs = 600 * 1000;

bool Pattern(const YAML::Node& v, const std::string& key, YamlReader& r, std::string* out) {
  auto text = r.String(v, key);
  if (!text) return false;
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(*text, options);
  if (!re.ok()) {
    r.Error(v, fmt::format("the pattern of '{}' is not a valid regular expression (RE2): {}", key,
                           re.error()));
    return false;
  }
  *out = *text;
  return true;
}

bool ReadLines(const YAML::Node& v, YamlReader& r, LineBlock* b) {
  if (!v.IsMap()) {
    r.Error(v, fmt::format("expected 'lines' to be a map such as {{matching: '^[A-Za-z-]+: ', "
                           "until: '^$'}} (the lines, then the line that ends them), found {}",
                           YamlReader::Found(v)));
    return false;
  }
  if (!r.Map(v, "'lines'", LineBlockKeys()) || !r.Required(v, "until", "'lines'")) return false;
  bool ok = Pattern(v["until"], "until", r, &b->until);
  if (v["matching"]) ok = Pattern(v["matching"], "matching", r, &b->matching) && ok;
  if (v["at_least"]) {
    auto n = r.Integer(v["at_least"], "at_least", 0, kMaxBlockLines);
    if (n) b->at_least = static_cast<int>(*n);
    ok = ok && n.has_value();
  }
  if (v["at_most"]) {
    auto n = r.Integer(v["at_most"], "at_most", 0, kMaxBlockLines);
    if (n) b->at_most = static_cast<int>(*n);
    ok = ok && n.has_value();
    if (n && *n < b->at_least) {
      r.Error(v["at_most"], fmt::format("'at_most' ({}) is less than 'at_least' ({}): no block "
                                        "of lines could pass",
                                        *n, b->at_least));
      ok = false;
    }
  }
  return ok;
}

}  // namespace

const std::vector<std::string>& LineBlockKeys() {
  static const std::vector<std::string> keys = {"matching", "until", "at_least", "at_most"};
  return keys;
}

std::optional<LineEnd> ReadLineEnd(const YAML::Node& v, YamlReader& r) {
  auto e = r.Enum(v, "line_end", {"crlf", "lf", "any"});
  if (!e) return std::nullopt;
  return *e == "crlf" ? LineEnd::kCrlf : *e == "lf" ? LineEnd::kLf : LineEnd::kAny;
}

bool ReadBlockStep(const YAML::Node& v, const std::string& key, YamlReader& r, Step* s) {
  if (key == "lines") {
    s->action = Step::Action::kLines;
    return ReadLines(v, r, &s->block);
  }
  s->action = Step::Action::kEnd;
  auto e = r.Enum(v, "end", {"closed", "reset", "open"});
  if (!e) return false;
  s->end = *e == "closed" ? ConnEnd::kClosed : *e == "reset" ? ConnEnd::kReset : ConnEnd::kOpen;
  return true;
}

bool ReadBlockOptions(const YAML::Node& n, const std::string& key, YamlReader& r, Step* s) {
  bool ok = true;
  if (n["line_end"]) {
    if (key != "send" && key != "expect" && key != "lines") {
      r.Error(n["line_end"],
              fmt::format("'line_end' is for the steps that send or read lines (send, expect, "
                          "lines); '{}' has none",
                          key));
      ok = false;
    } else if (auto e = ReadLineEnd(n["line_end"], r)) {
      s->line_end = *e;
      s->line_end_set = true;
    } else {
      ok = false;
    }
  }
  if (n["within"]) {
    bool open = n["end"] && n["end"].IsScalar() && n["end"].Scalar() == "open";
    if (key != "end" || open) {
      r.Error(n["within"],
              key != "end" ? fmt::format("'within' bounds an 'end' step; '{}' cannot take it", key)
                           : std::string("'within' bounds how long the program may take to "
                                         "close or reset; 'end: open' waits for it at rest"));
      ok = false;
    } else if (auto ms = r.DurationMs(n["within"], "within", 1, kMaxWithinMs)) {
      s->within_ms = static_cast<int>(*ms);
    } else {
      ok = false;
    }
  }
  return ok;
}

void ApplyCaseLineEnd(Case* c) {
  for (Step& s : c->script)
    if (!s.line_end_set) s.line_end = c->line_end;
}

const char* LineEndWords(LineEnd e) {
  switch (e) {
    case LineEnd::kCrlf:
      return "\\r\\n";
    case LineEnd::kLf:
      return "\\n";
    case LineEnd::kAny:
      break;
  }
  return "\\n or \\r\\n";
}

}  // namespace netgrade::spec
