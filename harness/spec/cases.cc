#include "harness/spec/cases.h"

#include <fmt/core.h>

#include "harness/spec/check_spec.h"
#include "harness/spec/expect.h"
#include "harness/spec/faults.h"
#include "harness/spec/kind_keys.h"
#include "harness/spec/message_list.h"
#include "harness/spec/names.h"
#include "harness/spec/optional_key.h"
#include "harness/spec/peer.h"
#include "harness/spec/scalar.h"
#include "harness/spec/script.h"
#include "harness/spec/script_blocks.h"
#include "harness/spec/script_rules.h"

namespace netgrade::spec {
namespace {

class CaseReader {
 public:
  CaseReader(const CaseContext& context, YamlReader& r, Spec* spec)
      : context_(context), r_(r), spec_(spec) {}

  void Load(const YAML::Node& n, int index) {
    Case c;
    c.mark = YamlReader::MarkOf(n);
    c.timeout_ms = context_.timeout_ms;
    c.cpu_limit_ms = context_.cpu_limit_ms;
    c.points = context_.points;
    std::string what = n.IsMap() && n["name"] && n["name"].IsScalar()
                           ? fmt::format("case '{}'", n["name"].Scalar())
                           : fmt::format("case {}", index);
    if (!r_.Map(n, what, CaseKeys())) return;
    r_.Required(n, "name", what);
    Unreadable failed;
    failed.role = !r_.Required(n, "role", what);
    ReadNameAndRole(n, &c, &failed);
    failed.protocol = context_.protocol_unknown;
    ReadLimits(n, &c);
    ReadParts(n, &c, &failed);
    if (!failed.expect && !failed.peer && !failed.script && ExpectsNothing(c.expect) &&
        !ScriptChecks(c.script))
      r_.Error(
          n["expect"] ? n["expect"] : n,
          fmt::format(
              "{} expects nothing, so any program would pass it; a case must expect something: "
              "give 'expect' with replies, stdout, received, exit (required or running), or a "
              "check such as stdout_matches or exit_status, or an 'expect' step in its script",
              what));
    if (n["faults"]) LoadFaults(n["faults"], r_, &c.faults);
    for (const KindKeys* kind : AllKindKeys())
      if (kind->load_case) kind->load_case(n, r_, *spec_, &c);
    if (n["topology"])
      if (auto t = r_.Enum(n["topology"], "topology", {"loopback", "two-hosts"}))
        c.topology = *t == "loopback" ? Topology::kLoopback : Topology::kTwoHosts;
    if (n["visibility"]) LoadVisibility(n["visibility"], &c.visibility);
    CheckCase(*spec_, c, n, r_, failed);
    GradeLetters(&c, n);
    spec_->cases.push_back(std::move(c));
  }

 private:
  // `name` (a name, unique in the spec), `description` and `role`.
  void ReadNameAndRole(const YAML::Node& n, Case* c, Unreadable* failed) {
    if (auto s = OptionalKey(r_, n, "name", &YamlReader::String)) {
      c->name = *s;
      if (!IsName(c->name))
        r_.Error(n["name"], fmt::format("case name '{}' may hold only letters, digits, '-' and '_'",
                                        Cut(c->name)));
      if (!names_.insert(c->name).second)
        r_.Error(n["name"], fmt::format("a second case named '{}'", Cut(c->name)));
    }
    if (auto s = OptionalKey(r_, n, "description", &YamlReader::String)) c->description = *s;
    if (auto s = OptionalKey(r_, n, "role", &YamlReader::String)) {
      c->role = *s;
      if (c->role.empty()) {
        r_.Error(n["role"], "'role' is empty; name one of the roles");
        failed->role = true;
      }
    } else {
      failed->role = true;
    }
    failed->role = failed->role || context_.uncertain_roles.count(c->role) > 0;
  }

  // `points`, `timeout` and `cpu_limit`, over the defaults.
  void ReadLimits(const YAML::Node& n, Case* c) {
    if (n["points"])
      if (auto p = r_.Integer(n["points"], "points", 0, 1000)) c->points = static_cast<int>(*p);
    if (n["timeout"])
      if (auto t = r_.DurationMs(n["timeout"], "timeout", 1, kMaxTimeoutMs))
        c->timeout_ms = static_cast<int>(*t);
    if (n["cpu_limit"])
      if (auto t = r_.DurationMs(n["cpu_limit"], "cpu_limit", 1000, kMaxTimeoutMs))
        c->cpu_limit_ms = static_cast<int>(*t);
  }

  // `stdin`, `peer`, `script` (with `line_end`) and `expect`, noting which could not be read.
  void ReadParts(const YAML::Node& n, Case* c, Unreadable* failed) {
    if (n["stdin"]) LoadMessages(n["stdin"], "stdin", r_, &c->stdin_lines, &c->stdin_draws);
    if (n["argv"]) ReadArgv(n["argv"], c);
    size_t before = r_.error_count();
    if (n["peer"]) LoadPeer(n["peer"], r_, &c->peer);
    failed->peer = r_.error_count() != before;
    before = r_.error_count();
    if (n["script"]) LoadScript(n["script"], r_, &c->script, &failed->script_gaps);
    if (n["line_end"]) LoadCaseLineEnd(n["line_end"], c);  // after its steps: they take it
    failed->script = r_.error_count() != before;
    before = r_.error_count();
    if (n["expect"]) LoadExpect(n["expect"], r_, &c->expect);
    failed->expect = r_.error_count() != before;
  }

  // `argv`: this case's command line, with the placeholders a role's may hold.
  void ReadArgv(const YAML::Node& n, Case* c) {
    auto argv = r_.StringList(n, "argv");
    if (!argv) return;
    for (const std::string& arg : *argv)
      for (const std::string& p : Placeholders(arg))
        if (p != "{host}" && p != "{port}" && p.rfind("{draw:", 0) != 0) {  // named_draws.h
          r_.Error(n, fmt::format("unknown placeholder {} in argv of case '{}' (use {{host}} or "
                                  "{{port}})",
                                  Cut(p), Cut(c->name)));
          return;
        }
    c->argv = std::move(*argv);
  }

  // letters: ascii (the default) grades ASCII letters only: a case that needs letters outside
  // ASCII upper-cased is worth 0 points. Points given on such a case itself are a
  // contradiction the author must settle; points from `defaults` simply do not apply.
  void GradeLetters(Case* c, const YAML::Node& n) {
    if (spec_->letters != Letters::kAscii || !ChecksLettersOutsideAscii(*c)) return;
    if (n["points"] && c->points > 0)
      r_.Error(n["points"],
               fmt::format("case '{}' upper-cases letters outside ASCII (such as é or ß), which "
                           "this spec does not grade (letters: ascii, the default), so it is worth "
                           "0 points: remove 'points', or set 'letters: unicode' at the top of "
                           "the spec to grade them",
                           Cut(c->name)));
    c->points = 0;
  }

  // `line_end`: the default of the case's script steps (script_blocks.h); TCP lines only.
  void LoadCaseLineEnd(const YAML::Node& n, Case* c) {
    if (auto e = ReadLineEnd(n, r_)) c->line_end = *e;
    if (spec_->protocol == Protocol::kUdp)
      r_.Error(n, "'line_end' is for TCP lines; a UDP datagram ends with no newline");
    else if (c->script.empty())
      r_.Error(n, "'line_end' says how the lines of a case's 'script' end; this case has none");
    ApplyCaseLineEnd(c);
  }

  // Gradescope's four names, so a spec reads as the results.json it leads to.
  void LoadVisibility(const YAML::Node& n, Visibility* v) {
    static const Visibility kAll[] = {Visibility::kVisible, Visibility::kHidden,
                                      Visibility::kAfterDueDate, Visibility::kAfterPublished};
    std::vector<std::string> names;
    for (Visibility each : kAll) names.push_back(VisibilityName(each));
    if (std::optional<std::string> name = r_.Enum(n, "visibility", names))
      for (Visibility each : kAll)
        if (*name == VisibilityName(each)) *v = each;
  }

  const CaseContext& context_;
  YamlReader& r_;
  Spec* spec_;
  std::set<std::string> names_;  // of the cases read so far
};

}  // namespace

const std::vector<std::string>& CaseKeys() {
  static const std::vector<std::string> keys = {
      "name",   "description", "role",     "points",     "timeout", "cpu_limit", "stdin", "peer",
      "expect", "faults",      "topology", "visibility", "script",  "line_end",  "argv"};
  static const std::vector<std::string> with_kinds = [] {
    std::vector<std::string> k = keys;
    for (const KindKeys* kind : AllKindKeys())
      k.insert(k.end(), kind->case_keys.begin(), kind->case_keys.end());
    return k;
  }();
  return with_kinds;
}

const std::vector<std::string>& DefaultsKeys() {
  static const std::vector<std::string> keys = {"timeout", "cpu_limit", "points"};
  return keys;
}

void LoadDefaults(const YAML::Node& n, YamlReader& r, CaseContext* context) {
  if (!r.Map(n, "'defaults'", DefaultsKeys())) return;
  if (n["timeout"])
    if (auto t = r.DurationMs(n["timeout"], "timeout", 1, kMaxTimeoutMs))
      context->timeout_ms = static_cast<int>(*t);
  if (n["cpu_limit"])
    if (auto t = r.DurationMs(n["cpu_limit"], "cpu_limit", 1000, kMaxTimeoutMs))
      context->cpu_limit_ms = static_cast<int>(*t);
  if (n["points"])
    if (auto p = r.Integer(n["points"], "points", 0, 1000)) context->points = static_cast<int>(*p);
}

void LoadCases(const YAML::Node& cases, const CaseContext& context, YamlReader& r, Spec* spec) {
  if (!cases.IsSequence() || cases.size() == 0) {
    r.Error(cases, fmt::format("expected 'cases' to be a list of cases, found {}",
                               cases.IsSequence() ? "an empty list" : YamlReader::Found(cases)));
    return;
  }
  CaseReader reader(context, r, spec);
  int index = 0;
  for (const auto& n : cases) {
    ++index;
    r.BeginCase();
    const YAML::Node name = n.IsMap() ? n["name"] : YAML::Node();
    r.EnterCase(YamlReader::MarkOf(n), name && name.IsScalar() ? name.Scalar() : "");
    reader.Load(n, index);
  }
  r.LeaveCase();
}

}  // namespace netgrade::spec
