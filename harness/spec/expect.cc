#include "harness/spec/expect.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include <algorithm>

#include "harness/spec/expected_files.h"
#include "harness/spec/kind_keys.h"
#include "harness/spec/line_rules.h"
#include "harness/spec/optional_key.h"

namespace netgrade::spec {
namespace {

// The lines of `stdout: [...]` or `received: [...]`: each a text, or `{line: TEXT, hint: ...}`
// with advice for when that line is the one that differs.
void LoadLines(const YAML::Node& n, const std::string& key, YamlReader& r,
               std::vector<std::string>* lines, std::vector<std::string>* hints) {
  for (const auto& item : n) {
    std::string line, hint;
    if (item.IsMap()) {
      if (!r.Map(item, "a line of '" + key + "'", {"line", "hint"})) continue;
      if (!r.Required(item, "line", "a line of '" + key + "'")) continue;
      auto text = r.String(item["line"], "line");
      if (!text) continue;
      line = *text;
      if (item["hint"])
        if (auto h = r.String(item["hint"], "hint")) hint = *h;
    } else if (auto text = r.String(item, key)) {
      line = *text;
    } else {
      continue;
    }
    lines->push_back(line);
    hints->push_back(hint);
  }
}

// `stdout: [lines]`, `stdout: peer-sent|peer-replies`; `received: [lines]`, `received: stdin`.
void LoadSources(const YAML::Node& n, YamlReader& r, Expect* e) {
  if (n["stdout"]) {
    if (n["stdout"].IsSequence()) {
      LoadLines(n["stdout"], "stdout", r, &e->stdout_lines, &e->stdout_line_hints);
      e->stdout_source = StdoutSource::kLines;
    } else if (auto v = r.Enum(n["stdout"], "stdout", {"peer-sent", "peer-replies"})) {
      e->stdout_source = *v == "peer-sent" ? StdoutSource::kPeerSent : StdoutSource::kPeerReplies;
    }
  }
  if (n["received"]) {
    if (n["received"].IsSequence()) {
      LoadLines(n["received"], "received", r, &e->received_lines, &e->received_line_hints);
      e->received_source = ReceivedSource::kLines;
    } else if (r.Enum(n["received"], "received", {"stdin"})) {
      e->received_source = ReceivedSource::kStdin;
    }
  }
}

// `hints: {CHECK: TEXT}`: advice for a check the case makes (its other keys carry their own
// `hint`), so a hint for a check it does not make is an error rather than never shown.
void LoadHints(const YAML::Node& n, YamlReader& r, Expect* e) {
  static const std::vector<std::string> checks = {"replies", "stdout",      "received",
                                                  "exit",    "exit_status", "no_traceback"};
  // A case of a kind with codes of its own may give its words for them too.
  std::vector<std::string> codes;
  for (const KindKeys* kind : AllKindKeys())
    if (kind->owns_expect && kind->owns_expect(*e))
      codes.insert(codes.end(), kind->hint_codes.begin(), kind->hint_codes.end());
  std::vector<std::string> keys = checks;
  keys.insert(keys.end(), codes.begin(), codes.end());
  if (!r.Map(n, "'hints'", keys)) return;
  for (const auto& kv : n) {
    std::string key = kv.first.Scalar();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) continue;  // reported
    auto text = r.String(kv.second, key);
    if (!text) continue;
    if (std::find(codes.begin(), codes.end(), key) != codes.end()) {
      e->hints[key] = *text;  // told with that code's diagnosis, whichever check gives it
      continue;
    }
    bool made = key == "replies"       ? e->replies != Transform::kNone
                : key == "stdout"      ? e->stdout_source != StdoutSource::kUnchecked
                : key == "received"    ? e->received_source != ReceivedSource::kUnchecked
                : key == "exit"        ? e->exit != ExitRule::kAny
                : key == "exit_status" ? e->exit_status.has_value()
                                       : e->no_traceback;
    if (!made) {
      r.Error(kv.first, fmt::format("a hint for '{}', which this case does not check: give "
                                    "'{}' in its 'expect' too, or leave the hint out",
                                    key, key));
      continue;
    }
    e->hints[key] = *text;
  }
}

// `received_ids: PATTERN` or `{pattern: PATTERN, hint: TEXT}`: PATTERN an RE2 pattern with a
// group (?P<id>...), the id each query carries.
void LoadIds(const YAML::Node& n, YamlReader& r, Expect* e) {
  IdRule rule;
  rule.mark = YamlReader::MarkOf(n);
  if (n.IsMap()) {
    if (!r.Map(n, "'received_ids'", {"pattern", "hint"})) return;
    if (!r.Required(n, "pattern", "'received_ids'")) return;
    if (n["hint"]) {
      auto hint = r.String(n["hint"], "hint");
      if (!hint) return;
      rule.hint = *hint;
    }
  }
  const YAML::Node value = n.IsMap() ? n["pattern"] : n;
  auto pattern = r.String(value, "received_ids");
  if (!pattern) return;
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(*pattern, options);
  if (!re.ok()) {
    r.Error(value, fmt::format("the pattern of 'received_ids' is not a valid regular expression "
                               "(RE2): {}",
                               re.error()));
    return;
  }
  if (re.NamedCapturingGroups().count("id") == 0) {
    r.Error(value,
            "the pattern of 'received_ids' names no id: write its group as (?P<id>...), as in "
            "'^(?P<id>\\d+) '");
    return;
  }
  rule.pattern = *pattern;
  e->received_ids = std::move(rule);
}

}  // namespace

const std::vector<std::string>& ExpectKeys() {
  static const std::vector<std::string> keys = {"replies",
                                                "stdout",
                                                "received",
                                                "exit",
                                                "stdout_matches",
                                                "stdout_contains",
                                                "stdout_lines",
                                                "received_matches",
                                                "received_contains",
                                                "received_lines",
                                                "exit_status",
                                                "no_traceback",
                                                "files",
                                                "hints",
                                                "received_ids"};
  static const std::vector<std::string> with_kinds = [] {
    std::vector<std::string> k = keys;
    for (const KindKeys* kind : AllKindKeys())
      k.insert(k.end(), kind->expect_keys.begin(), kind->expect_keys.end());
    return k;
  }();
  return with_kinds;
}

void LoadExpect(const YAML::Node& n, YamlReader& r, Expect* e) {
  e->mark = YamlReader::MarkOf(n);
  if (!r.Map(n, "'expect'", ExpectKeys())) return;
  if (n["replies"])
    if (auto v = r.Enum(n["replies"], "replies", {"upper", "same", "none"}))
      e->replies = *v == "upper"  ? Transform::kUpper
                   : *v == "same" ? Transform::kSame
                                  : Transform::kNone;
  LoadSources(n, r, e);
  if (n["exit"])
    if (auto v = r.Enum(n["exit"], "exit", {"required", "running", "any"}))
      e->exit = *v == "required"  ? ExitRule::kRequired
                : *v == "running" ? ExitRule::kRunning
                                  : ExitRule::kAny;
  LoadLineRules(n, "stdout", r, &e->stdout_rules);
  LoadLineRules(n, "received", r, &e->received_rules);
  if (n["received_ids"]) LoadIds(n["received_ids"], r, e);
  if (n["exit_status"])
    if (auto v = r.Integer(n["exit_status"], "exit_status", 0, 255)) {
      e->exit_status = static_cast<int>(*v);
      // The case waits for the program to exit, as with `exit: required`.
      if (e->exit == ExitRule::kAny) e->exit = ExitRule::kRequired;
    }
  if (auto b = OptionalKey(r, n, "no_traceback", &YamlReader::Bool)) e->no_traceback = *b;
  if (n["files"]) LoadExpectedFiles(n["files"], r, &e->files);
  for (const KindKeys* kind : AllKindKeys())
    if (kind->load_expect) kind->load_expect(n, r, e);
  if (n["hints"]) LoadHints(n["hints"], r, e);
}

bool ExpectsNothing(const Expect& e) {
  return e.replies == Transform::kNone && e.stdout_source == StdoutSource::kUnchecked &&
         e.received_source == ReceivedSource::kUnchecked && e.exit == ExitRule::kAny &&
         e.stdout_rules.empty() && e.received_rules.empty() && !e.received_ids && !e.exit_status &&
         !e.no_traceback && e.files.empty() && !e.kind_part;
}

}  // namespace netgrade::spec
