#include "harness/spec/captures.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>

#include "harness/spec/regex_cache.h"
#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

// The names a template fills itself: a group may not take one of them.
const std::set<std::string> kOwnNames = {"line", "upper", "n", "bit"};

RE2::Options Quiet() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

// "{seq}" -> "seq"; "" for a brace that names nothing ("{|}").
std::string NameOf(const std::string& placeholder) {
  std::string name = placeholder.substr(1, placeholder.size() - 2);
  bool ok = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
            std::all_of(name.begin(), name.end(),
                        [](unsigned char c) { return std::isalnum(c) || c == '_'; });
  return ok ? name : "";
}

YAML::Node At(const YAML::Node& n, const char* key, const char* inner) {
  if (!n[key]) return n;
  if (n[key].IsMap() && n[key][inner]) return n[key][inner];
  return n[key];
}

std::string List(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "{" : ", {") + n + "}";
  return out;
}

// "{line}, {upper} or {n}": in the order given.
std::string Either(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "{" : i + 1 == names.size() ? " or {" : ", {") + names[i] + "}";
  return out;
}

// Every placeholder of `text` must be one of `allowed`: each one that is not, an error.
void OnlyThese(const std::string& text, const std::vector<std::string>& allowed, const char* key,
               const YAML::Node& at, YamlReader& r) {
  for (const std::string& p : Placeholders(text)) {
    if (p.rfind("{draw:", 0) == 0) continue;  // a named value (named_draws.h), checked there
    std::string name = NameOf(p);
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    r.Error(at,
            fmt::format("unknown placeholder {} in '{}' (use {})", Cut(p), key, Either(allowed)));
  }
}

// The groups of `pattern`, checked: RE2 must take it, and no group may take a template's own
// name ({line} is always the message).
std::set<std::string> CheckedGroups(const std::string& pattern, const char* key,
                                    const YAML::Node& at, YamlReader& r) {
  RE2 re(pattern, Quiet());
  if (!re.ok()) {
    r.Error(at, fmt::format("the pattern of '{}' is not a valid regular expression (RE2): {}", key,
                            re.error()));
    return {};
  }
  std::set<std::string> out;
  for (const auto& [name, index] : re.NamedCapturingGroups()) {
    if (kOwnNames.count(name) != 0) {
      r.Error(at, fmt::format("the group (?P<{}>...) of '{}' takes a name templates fill "
                              "themselves ({}): call it something else",
                              name, key, List(kOwnNames)));
      continue;
    }
    out.insert(name);
  }
  return out;
}

void CheckPeer(const Spec& spec, const Case& c, bool student_listens, const YAML::Node& node,
               YamlReader& r) {
  const Peer& p = c.peer;
  std::vector<std::string> reply_names = {"line", "upper", "n"};
  if (p.matches) {
    for (const std::string& g :
         CheckedGroups(*p.matches, "matches", At(node, "peer", "matches"), r))
      reply_names.insert(reply_names.end() - 1, g);
    if (!p.reply)
      r.Error(At(node, "peer", "matches"),
              "'matches' picks out the parts of each message that 'reply' answers with: give "
              "'reply' too (reply: \"ACK:{seq}\" with a group (?P<seq>...))");
  }
  if (p.reply) OnlyThese(*p.reply, reply_names, "reply", At(node, "peer", "reply"), r);
  const std::vector<std::string> frame_names = {"line", "n", "bit"};
  if (!p.frame.empty()) {
    OnlyThese(p.frame, frame_names, "frame", At(node, "peer", "frame"), r);
    if (p.frame.find("{line}") == std::string::npos)
      r.Error(At(node, "peer", "frame"),
              "'frame' puts each message in a frame: it needs {line}, where the message goes");
  }
  if (p.await) {
    OnlyThese(*p.await, frame_names, "await", At(node, "peer", "await"), r);
    if (!student_listens || spec.protocol != Protocol::kUdp || !c.script.empty())
      r.Error(At(node, "peer", "await"),
              fmt::format("'await' is for a UDP reference client (a role that listens, without "
                          "'script'): role '{}' {}",
                          c.role,
                          spec.protocol != Protocol::kUdp ? "is graded over TCP"
                          : !student_listens              ? "connects"
                                                          : "has a script"));
  }
  if (p.resend_ms > 0 && !p.await)
    r.Error(At(node, "peer", "resend"),
            "'resend' sends a message again when its answer has not come: say which answer "
            "acknowledges it with 'await' (await: \"ACK:{bit}\")");
}

// The names an expect step keeps what it read under: the groups of its `matches`, or the
// `capture` of an expect of bytes.
std::vector<std::string> CapturedBy(const Answer& a) {
  if (a.kind == Answer::Kind::kMatches) return GroupNames(a.text);
  if (a.binary() && !a.capture.empty()) return {a.capture};
  return {};
}

// A script's captures are used after the step that captures them, and `at_once` joins a send
// to the send right before it, on another connection.
void CheckScriptComputed(const Case& c, YamlReader& r) {
  std::set<std::string> later;  // every group of the script, to tell a use too early
  for (const Step& s : c.script)
    if (s.action == Step::Action::kExpect)
      for (const std::string& g : CapturedBy(s.answer)) later.insert(g);
  std::set<std::string> known;
  for (size_t i = 0; i < c.script.size(); ++i) {
    const Step& s = c.script[i];
    const bool tmpl = s.action == Step::Action::kExpect && s.answer.kind == Answer::Kind::kTemplate;
    if ((s.action == Step::Action::kSend && !s.draw) || tmpl) {
      const std::string& text = tmpl ? s.answer.text : s.text;
      // Bytes hold no placeholder; the captures a hex send names are listed beside them.
      std::vector<std::string> placeholders;
      if (s.binary)
        for (const auto& [at, name] : s.captured_at) placeholders.push_back("{" + name + "}");
      else
        placeholders = Placeholders(text);
      for (const std::string& p : placeholders) {
        std::string name = NameOf(p);
        if (name.empty() || known.count(name) != 0) continue;
        if (tmpl && name != "line" && name != "upper" && name != "n")
          r.Error(s.mark, fmt::format("unknown placeholder {} in 'template': use {{line}}, "
                                      "{{upper}}, {{n}}, or a group (?P<{}>...) of an earlier "
                                      "'expect: {{matches: ...}}' (or the 'capture' of an "
                                      "earlier expect of bytes)",
                                      p, name));
        else if (!tmpl && later.count(name) != 0)
          r.Error(s.mark, fmt::format("{} is captured by a later step: a send can use a group "
                                      "of an 'expect: {{matches: ...}}', or the 'capture' of an "
                                      "expect of bytes, that comes before it",
                                      p));
        else if (s.binary)  // in bytes, a brace is no constant: it names a capture or nothing
          r.Error(s.mark, fmt::format("{} in 'hex' names no capture: give an earlier expect of "
                                      "bytes 'capture: {}' (or a group (?P<{}>...) of an "
                                      "earlier 'expect: {{matches: ...}}')",
                                      p, name, name));
      }
    }
    if (s.action == Step::Action::kExpect) {
      for (const std::string& g : CapturedBy(s.answer)) {
        if (kOwnNames.count(g) != 0)
          r.Error(s.mark, fmt::format("{} takes a name templates fill themselves ({}): call it "
                                      "something else",
                                      s.answer.binary() ? "'capture: " + g + "'"
                                                        : "the group (?P<" + g + ">...)",
                                      List(kOwnNames)));
        else
          known.insert(g);
      }
    }
    if (!s.at_once) continue;
    const Step* before = i > 0 ? &c.script[i - 1] : nullptr;
    if (before == nullptr || before->action != Step::Action::kSend)
      r.Error(s.mark,
              "'at_once' sends this in the same turn as the send right before it: put it right "
              "after a 'send' step");
    else if (before->on == s.on)
      r.Error(s.mark, fmt::format("'at_once' joins sends on different connections; both are on "
                                  "'{}' (one send with both texts does that)",
                                  s.on));
  }
}

}  // namespace

std::vector<std::string> GroupNames(const std::string& pattern) {
  RE2 re(pattern, Quiet());
  std::vector<std::string> out;
  if (!re.ok()) return out;
  for (const auto& [name, index] : re.NamedCapturingGroups()) out.push_back(name);
  return out;
}

bool MatchInto(const std::string& pattern, const std::string& text, Captures* into) {
  std::shared_ptr<const RE2> compiled = Compiled(pattern);
  const RE2& re = *compiled;
  if (!re.ok()) return false;
  const int groups = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> found(static_cast<size_t>(groups) + 1);
  if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, found.data(), groups + 1)) return false;
  for (const auto& [name, index] : re.NamedCapturingGroups()) {
    const re2::StringPiece& g = found[static_cast<size_t>(index)];
    if (g.data() != nullptr) (*into)[name] = std::string(g.data(), g.size());
  }
  return true;
}

std::string FillCaptures(const std::string& tmpl, const Captures& values) {
  if (values.empty()) return tmpl;
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    size_t close = tmpl[i] == '{' ? tmpl.find('}', i) : std::string::npos;
    if (close != std::string::npos) {
      auto it = values.find(tmpl.substr(i + 1, close - i - 1));
      if (it != values.end()) {
        out += it->second;
        i = close + 1;
        continue;
      }
    }
    out += tmpl[i++];
  }
  return out;
}

std::string ApplyFrame(const std::string& frame, const std::string& line, int n) {
  if (frame.empty()) return line;
  return FillCaptures(
      frame, {{"line", line}, {"n", std::to_string(n)}, {"bit", std::to_string((n - 1) % 2)}});
}

void CheckComputed(const Spec& spec, const Case& c, bool student_listens, const YAML::Node& node,
                   YamlReader& r) {
  CheckPeer(spec, c, student_listens, node, r);
  CheckScriptComputed(c, r);
}

}  // namespace netgrade::spec
