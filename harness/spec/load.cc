#include "harness/spec/load.h"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "harness/base/file.h"
#include "harness/base/quantity.h"
#include "harness/spec/check_spec.h"
#include "harness/spec/draw.h"
#include "harness/spec/given_files.h"
#include "harness/spec/line_rules.h"
#include "harness/spec/parse.h"
#include "harness/spec/scalar.h"
#include "harness/spec/script.h"
#include "harness/spec/script_blocks.h"
#include "harness/spec/suggest.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {
namespace {

constexpr int64_t kMaxTimeoutMs = 10 * 60 * 1000;
constexpr size_t kMaxMessageBytes = 1 << 20;
constexpr size_t kMaxSpecBytes = 4 << 20;

const std::vector<std::string> kTopKeys = {"exercise",   "title", "protocol", "letters",
                                           "wrong_port", "roles", "defaults", "cases",
                                           "build",      "files"};
const std::vector<std::string> kRoleKeys = {"names",    "listens",  "argv",
                                            "port_via", "port_env", "fixed_port"};
const std::vector<std::string> kCaseKeys = {
    "name", "description", "role",   "points",   "timeout",    "cpu_limit", "stdin",
    "peer", "expect",      "faults", "topology", "visibility", "script",    "line_end"};
const std::vector<std::string> kPeerKeys = {
    "connections", "reply", "interleave", "answers_without_newline",
    "matches",     "frame", "await",      "resend"};
const std::vector<std::string> kConnectionKeys = {"send", "mode"};
const std::vector<std::string> kExpectKeys = {
    "replies",           "stdout",          "received",     "exit",
    "stdout_matches",    "stdout_contains", "stdout_lines", "received_matches",
    "received_contains", "received_lines",  "exit_status",  "no_traceback"};
const std::vector<std::string> kFaultKeys = {"to_student", "from_student"};
const std::vector<std::string> kDirectionKeys = {"drop",     "drop_rate",  "duplicate", "hold",
                                                 "late",     "delay",      "jitter",    "slice",
                                                 "coalesce", "reset_after"};
const std::vector<std::string> kBuildKeys = {"command", "timeout"};
const std::vector<std::string> kDefaultsKeys = {"timeout", "cpu_limit", "points"};
const std::vector<std::string> kRepeatKeys = {"repeat", "times"};

// Letters, digits, '-' and '_': names that end up in file names and paths.
bool IsName(const std::string& s) {
  if (s.empty() || s.size() > 80) return false;
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

bool ExpectsNothing(const Expect& e) {
  return e.replies == Transform::kNone && e.stdout_source == StdoutSource::kUnchecked &&
         e.received_source == ReceivedSource::kUnchecked && e.exit == ExitRule::kAny &&
         e.stdout_rules.empty() && e.received_rules.empty() && !e.exit_status && !e.no_traceback;
}

class Loader {
 public:
  Loader(const std::string& file, std::vector<SpecError>* errors) : r_(file, errors) {
    spec_.file = file;
  }

  Spec Load(const YAML::Node& root) {
    if (!r_.Map(root, "the spec", kTopKeys)) return spec_;
    for (const char* key : {"exercise", "protocol", "roles", "cases"})
      r_.Required(root, key, "the spec");
    if (auto s = Get(root, "exercise", &YamlReader::String)) {
      spec_.exercise = *s;
      if (!IsName(*s))
        r_.Error(root["exercise"],
                 fmt::format("'exercise' names files and folders, so it may hold only letters, "
                             "digits, '-' and '_', found '{}'",
                             Cut(*s)));
    }
    if (auto s = Get(root, "title", &YamlReader::String)) spec_.title = *s;
    if (root["protocol"]) {
      if (auto p = r_.Enum(root["protocol"], "protocol", {"tcp", "udp"}))
        spec_.protocol = *p == "tcp" ? Protocol::kTcp : Protocol::kUdp;
      else
        protocol_unknown_ = true;
    }
    if (root["letters"])
      if (auto v = r_.Enum(root["letters"], "letters", {"ascii", "unicode"}))
        spec_.letters = *v == "ascii" ? Letters::kAscii : Letters::kUnicode;
    if (root["wrong_port"])
      if (auto v = r_.Enum(root["wrong_port"], "wrong_port", {"fail", "credit"}))
        spec_.wrong_port = *v == "fail" ? WrongPort::kFail : WrongPort::kCredit;
    if (root["roles"]) LoadRoles(root["roles"]);
    if (root["defaults"]) LoadDefaults(root["defaults"]);
    if (root["cases"]) LoadCases(root["cases"]);
    if (root["build"]) LoadBuild(root["build"]);
    if (root["files"]) LoadGivenFiles(root["files"], r_, spec_.file, &spec_.files);
    CheckFileRefs(spec_, r_);
    return spec_;
  }

 private:
  template <typename T>
  std::optional<T> Get(const YAML::Node& map, const char* key,
                       std::optional<T> (YamlReader::*read)(const YAML::Node&,
                                                            const std::string&)) {
    if (!map[key]) return std::nullopt;
    return (r_.*read)(map[key], key);
  }

  // `build: make`, or `build: {command: make, timeout: 60s}`.
  void LoadBuild(const YAML::Node& n) {
    Build b;
    b.mark = YamlReader::MarkOf(n);
    std::optional<std::string> command;
    if (n.IsMap()) {
      if (!r_.Map(n, "'build'", kBuildKeys)) return;
      if (!r_.Required(n, "command", "'build'")) return;
      command = r_.String(n["command"], "command");
      if (n["timeout"])
        if (auto t = r_.DurationMs(n["timeout"], "timeout", 1, kMaxTimeoutMs))
          b.timeout_ms = static_cast<int>(*t);
    } else {
      command = r_.String(n, "build");
    }
    if (!command) return;
    if (command->find_first_not_of(" \t") == std::string::npos) {
      r_.Error(n.IsMap() ? n["command"] : n, "'build' needs a command, such as 'make'");
      return;
    }
    b.command = *command;
    spec_.build = b;
  }

  void LoadRoles(const YAML::Node& roles) {
    if (!roles.IsMap() || roles.size() == 0) {
      r_.Error(roles, fmt::format("expected 'roles' to be a map of role names to roles, found {}",
                                  roles.IsMap() ? "an empty map" : YamlReader::Found(roles)));
      return;
    }
    r_.NoDuplicateKeys(roles, "'roles'");
    std::set<std::string> seen;
    for (const auto& kv : roles) {
      Role role;
      role.name = kv.first.IsScalar() ? kv.first.Scalar() : "";
      role.mark = YamlReader::MarkOf(kv.first);
      if (!seen.insert(role.name).second) continue;  // reported as given twice
      std::string what = fmt::format("role '{}'", Cut(role.name));
      if (!IsName(role.name))
        r_.Error(
            kv.first,
            fmt::format("a role name names the program, so it may hold only letters, digits, '-' "
                        "and '_', found {}",
                        YamlReader::Found(kv.first)));
      const YAML::Node& n = kv.second;
      if (!r_.Map(n, what, kRoleKeys)) {
        uncertain_roles_.insert(role.name);
        spec_.roles.push_back(role);
        continue;
      }
      if (!r_.Required(n, "listens", what)) uncertain_roles_.insert(role.name);
      role.names.push_back(role.name);
      if (auto names = Get(n, "names", &YamlReader::StringList))
        for (const std::string& name : *names)
          if (std::find(role.names.begin(), role.names.end(), name) == role.names.end())
            role.names.push_back(name);
      if (auto b = Get(n, "listens", &YamlReader::Bool))
        role.listens = *b;
      else
        uncertain_roles_.insert(role.name);
      role.argv = role.listens ? std::vector<std::string>{"{port}"}
                               : std::vector<std::string>{"{host}", "{port}"};
      if (auto argv = Get(n, "argv", &YamlReader::StringList)) role.argv = *argv;
      if (n["port_via"])
        if (auto v = r_.Enum(n["port_via"], "port_via", {"argv", "env", "fixed"}))
          role.port_via = *v == "argv"  ? PortVia::kArgv
                          : *v == "env" ? PortVia::kEnv
                                        : PortVia::kFixed;
      if (auto e = Get(n, "port_env", &YamlReader::String)) role.port_env = *e;
      if (n["fixed_port"])
        if (auto p = r_.Integer(n["fixed_port"], "fixed_port", 1, 65535))
          role.fixed_port = static_cast<int>(*p);
      CheckRole(role, n);
      spec_.roles.push_back(role);
    }
  }

  void CheckRole(const Role& role, const YAML::Node& n) {
    if (role.port_via == PortVia::kEnv && role.port_env.empty())
      r_.Error(n, fmt::format("role '{}' has port_via: env but no 'port_env' naming the variable",
                              role.name));
    if (role.port_via == PortVia::kFixed && role.fixed_port == 0)
      r_.Error(n, fmt::format("role '{}' has port_via: fixed but no 'fixed_port'", role.name));
    if (n["port_env"] && role.port_via != PortVia::kEnv)
      r_.Error(n["port_env"], "'port_env' goes with port_via: env");
    if (n["fixed_port"] && role.port_via != PortVia::kFixed)
      r_.Error(n["fixed_port"], "'fixed_port' goes with port_via: fixed");
    for (const std::string& arg : role.argv)
      for (const std::string& p : Placeholders(arg))
        if (p != "{host}" && p != "{port}")
          r_.Error(
              n["argv"],
              fmt::format("unknown placeholder {} in argv of role '{}' (use {{host}} or {{port}})",
                          Cut(p), role.name));
  }

  void LoadDefaults(const YAML::Node& n) {
    if (!r_.Map(n, "'defaults'", kDefaultsKeys)) return;
    if (n["timeout"])
      if (auto t = r_.DurationMs(n["timeout"], "timeout", 1, kMaxTimeoutMs))
        default_timeout_ = static_cast<int>(*t);
    if (n["cpu_limit"])
      if (auto t = r_.DurationMs(n["cpu_limit"], "cpu_limit", 1000, kMaxTimeoutMs))
        default_cpu_limit_ = static_cast<int>(*t);
    if (n["points"])
      if (auto p = r_.Integer(n["points"], "points", 0, 1000))
        default_points_ = static_cast<int>(*p);
  }

  void LoadCases(const YAML::Node& cases) {
    if (!cases.IsSequence() || cases.size() == 0) {
      r_.Error(cases, fmt::format("expected 'cases' to be a list of cases, found {}",
                                  cases.IsSequence() ? "an empty list" : YamlReader::Found(cases)));
      return;
    }
    std::set<std::string> names;
    int index = 0;
    for (const auto& n : cases) {
      ++index;
      r_.BeginCase();
      Case c;
      c.mark = YamlReader::MarkOf(n);
      c.timeout_ms = default_timeout_;
      c.cpu_limit_ms = default_cpu_limit_;
      c.points = default_points_;
      std::string what = n.IsMap() && n["name"] && n["name"].IsScalar()
                             ? fmt::format("case '{}'", n["name"].Scalar())
                             : fmt::format("case {}", index);
      if (!r_.Map(n, what, kCaseKeys)) continue;
      r_.Required(n, "name", what);
      Unreadable failed;
      failed.role = !r_.Required(n, "role", what);
      if (auto s = Get(n, "name", &YamlReader::String)) {
        c.name = *s;
        if (!IsName(c.name))
          r_.Error(n["name"],
                   fmt::format("case name '{}' may hold only letters, digits, '-' and '_'",
                               Cut(c.name)));
        if (!names.insert(c.name).second)
          r_.Error(n["name"], fmt::format("a second case named '{}'", Cut(c.name)));
      }
      if (auto s = Get(n, "description", &YamlReader::String)) c.description = *s;
      if (auto s = Get(n, "role", &YamlReader::String)) {
        c.role = *s;
        if (c.role.empty()) {
          r_.Error(n["role"], "'role' is empty; name one of the roles");
          failed.role = true;
        }
      } else {
        failed.role = true;
      }
      failed.role = failed.role || uncertain_roles_.count(c.role) > 0;
      failed.protocol = protocol_unknown_;
      if (n["points"])
        if (auto p = r_.Integer(n["points"], "points", 0, 1000)) c.points = static_cast<int>(*p);
      if (n["timeout"])
        if (auto t = r_.DurationMs(n["timeout"], "timeout", 1, kMaxTimeoutMs))
          c.timeout_ms = static_cast<int>(*t);
      if (n["cpu_limit"])
        if (auto t = r_.DurationMs(n["cpu_limit"], "cpu_limit", 1000, kMaxTimeoutMs))
          c.cpu_limit_ms = static_cast<int>(*t);
      if (n["stdin"]) LoadSend(n["stdin"], "stdin", &c.stdin_lines, &c.stdin_draws);
      size_t before = r_.error_count();
      if (n["peer"]) LoadPeer(n["peer"], &c.peer);
      failed.peer = r_.error_count() != before;
      before = r_.error_count();
      if (n["script"]) LoadScript(n["script"], r_, &c.script, &failed.script_gaps);
      if (n["line_end"]) LoadCaseLineEnd(n["line_end"], &c);  // after its steps: they take it
      failed.script = r_.error_count() != before;
      before = r_.error_count();
      if (n["expect"]) LoadExpect(n["expect"], &c.expect);
      failed.expect = r_.error_count() != before;
      if (!failed.expect && !failed.peer && !failed.script && ExpectsNothing(c.expect) &&
          !ScriptChecks(c.script))
        r_.Error(
            n["expect"] ? n["expect"] : n,
            fmt::format(
                "{} expects nothing, so any program would pass it; a case must expect something: "
                "give 'expect' with replies, stdout, received, exit (required or running), or a "
                "check such as stdout_matches or exit_status, or an 'expect' step in its script",
                what));
      if (n["faults"]) LoadFaults(n["faults"], &c.faults);
      if (n["topology"])
        if (auto t = r_.Enum(n["topology"], "topology", {"loopback", "two-hosts"}))
          c.topology = *t == "loopback" ? Topology::kLoopback : Topology::kTwoHosts;
      if (n["visibility"]) LoadVisibility(n["visibility"], &c.visibility);
      CheckCase(spec_, c, n, r_, failed);
      GradeLetters(&c, n);
      spec_.cases.push_back(std::move(c));
    }
  }

  // letters: ascii (the default) grades ASCII letters only: a case that needs letters outside
  // ASCII upper-cased is worth 0 points. Points given on such a case itself are a
  // contradiction the author must settle; points from `defaults` simply do not apply.
  void GradeLetters(Case* c, const YAML::Node& n) {
    if (spec_.letters != Letters::kAscii || !ChecksLettersOutsideAscii(*c)) return;
    if (n["points"] && c->points > 0)
      r_.Error(n["points"],
               fmt::format("case '{}' upper-cases letters outside ASCII (such as é or ß), which "
                           "this spec does not grade (letters: ascii, the default), so it is worth "
                           "0 points: remove 'points', or set 'letters: unicode' at the top of "
                           "the spec to grade them",
                           Cut(c->name)));
    c->points = 0;
  }

  // Gradescope's four names, so a spec reads as the results.json it leads to.
  // `line_end`: the default of the case's script steps (script_blocks.h); TCP lines only.
  void LoadCaseLineEnd(const YAML::Node& n, Case* c) {
    if (auto e = ReadLineEnd(n, r_)) c->line_end = *e;
    if (spec_.protocol == Protocol::kUdp)
      r_.Error(n, "'line_end' is for TCP lines; a UDP datagram ends with no newline");
    else if (c->script.empty())
      r_.Error(n, "'line_end' says how the lines of a case's 'script' end; this case has none");
    ApplyCaseLineEnd(c);
  }

  void LoadVisibility(const YAML::Node& n, Visibility* v) {
    static const Visibility kAll[] = {Visibility::kVisible, Visibility::kHidden,
                                      Visibility::kAfterDueDate, Visibility::kAfterPublished};
    std::vector<std::string> names;
    for (Visibility each : kAll) names.push_back(VisibilityName(each));
    if (std::optional<std::string> name = r_.Enum(n, "visibility", names))
      for (Visibility each : kAll)
        if (*name == VisibilityName(each)) *v = each;
  }

  void LoadPeer(const YAML::Node& n, Peer* peer) {
    peer->mark = YamlReader::MarkOf(n);
    if (!r_.Map(n, "'peer'", kPeerKeys)) return;
    if (auto r = Get(n, "reply", &YamlReader::String)) peer->reply = *r;
    if (auto b = Get(n, "interleave", &YamlReader::Bool)) peer->interleave = *b;
    if (auto b = Get(n, "answers_without_newline", &YamlReader::Bool))
      peer->answers_without_newline = *b;
    // Computed answers and framed messages (captures.h).
    if (auto m = Get(n, "matches", &YamlReader::String)) peer->matches = *m;
    if (auto f = Get(n, "frame", &YamlReader::String)) peer->frame = *f;
    if (auto a = Get(n, "await", &YamlReader::String)) peer->await = *a;
    if (n["resend"])
      if (auto ms = r_.DurationMs(n["resend"], "resend", 1, 60 * 1000))
        peer->resend_ms = static_cast<int>(*ms);
    if (!n["connections"]) return;
    if (!n["connections"].IsSequence()) {
      r_.Error(n["connections"],
               fmt::format("expected a list of connections for 'connections', found {}",
                           YamlReader::Found(n["connections"])));
      return;
    }
    for (const auto& cn : n["connections"]) {
      Connection c;
      c.mark = YamlReader::MarkOf(cn);
      if (!r_.Map(cn, "a connection", kConnectionKeys)) continue;
      r_.Required(cn, "send", "a connection");
      if (cn["send"]) LoadSend(cn["send"], "send", &c.send, &c.draws);
      if (cn["mode"])
        if (auto m = r_.Enum(cn["mode"], "mode", {"conversation", "one-write", "line-per-write"}))
          c.mode = *m == "conversation" ? SendMode::kConversation
                   : *m == "one-write"  ? SendMode::kOneWrite
                                        : SendMode::kLinePerWrite;
      peer->connections.push_back(std::move(c));
    }
  }

  // A message is a string, {repeat: STRING, times: N}, or a message drawn from the seed
  // ({draw: words, ...}: its description stands in `out` until spec::DrawMessages).
  void LoadSend(const YAML::Node& n, const char* key, std::vector<std::string>* out,
                std::vector<DrawAt>* draws) {
    if (!n.IsSequence()) {
      r_.Error(n, fmt::format("expected a list of {} for '{}', found {}",
                              std::string(key) == "send" ? "messages" : "lines", key,
                              YamlReader::Found(n)));
      return;
    }
    for (const auto& item : n) {
      if (item.IsMap() && item["draw"]) {
        std::optional<Draw> d = LoadDraw(item, r_);
        if (!d || !r_.Spend(item, MostBytes(*d))) continue;
        draws->push_back({out->size(), *d});
        out->push_back("<" + DescribeDraw(*d) + ">");
      } else if (item.IsMap()) {
        if (!r_.Map(item, "a repeated message", kRepeatKeys)) continue;
        if (!r_.Required(item, "repeat", "a repeated message") ||
            !r_.Required(item, "times", "a repeated message"))
          continue;
        auto text = r_.String(item["repeat"], "repeat");
        auto times = r_.Integer(item["times"], "times", 1, 1000000);
        if (!text || !times) continue;
        if (text->size() * static_cast<size_t>(*times) > kMaxMessageBytes) {
          r_.Error(item,
                   fmt::format("a repeated message may be at most {} bytes", kMaxMessageBytes));
          continue;
        }
        if (!r_.Spend(item, text->size() * static_cast<size_t>(*times))) return;
        std::string m;
        for (int64_t i = 0; i < *times; ++i) m += *text;
        out->push_back(std::move(m));
      } else if (auto s = r_.String(item, key)) {
        if (!r_.Spend(item, s->size())) return;
        out->push_back(*s);
      }
    }
  }

  void LoadExpect(const YAML::Node& n, Expect* e) {
    e->mark = YamlReader::MarkOf(n);
    if (!r_.Map(n, "'expect'", kExpectKeys)) return;
    if (n["replies"])
      if (auto v = r_.Enum(n["replies"], "replies", {"upper", "same", "none"}))
        e->replies = *v == "upper"  ? Transform::kUpper
                     : *v == "same" ? Transform::kSame
                                    : Transform::kNone;
    if (n["stdout"]) {
      if (n["stdout"].IsSequence()) {
        if (auto lines = r_.StringList(n["stdout"], "stdout")) e->stdout_lines = *lines;
        e->stdout_source = StdoutSource::kLines;
      } else if (auto v = r_.Enum(n["stdout"], "stdout", {"peer-sent", "peer-replies"})) {
        e->stdout_source = *v == "peer-sent" ? StdoutSource::kPeerSent : StdoutSource::kPeerReplies;
      }
    }
    if (n["received"]) {
      if (n["received"].IsSequence()) {
        if (auto lines = r_.StringList(n["received"], "received")) e->received_lines = *lines;
        e->received_source = ReceivedSource::kLines;
      } else if (r_.Enum(n["received"], "received", {"stdin"})) {
        e->received_source = ReceivedSource::kStdin;
      }
    }
    if (n["exit"])
      if (auto v = r_.Enum(n["exit"], "exit", {"required", "running", "any"}))
        e->exit = *v == "required"  ? ExitRule::kRequired
                  : *v == "running" ? ExitRule::kRunning
                                    : ExitRule::kAny;
    LoadLineRules(n, "stdout", r_, &e->stdout_rules);
    LoadLineRules(n, "received", r_, &e->received_rules);
    if (n["exit_status"])
      if (auto v = r_.Integer(n["exit_status"], "exit_status", 0, 255)) {
        e->exit_status = static_cast<int>(*v);
        // The case waits for the program to exit, as with `exit: required`.
        if (e->exit == ExitRule::kAny) e->exit = ExitRule::kRequired;
      }
    if (auto b = Get(n, "no_traceback", &YamlReader::Bool)) e->no_traceback = *b;
  }

  void LoadFaults(const YAML::Node& n, Faults* f) {
    if (!r_.Map(n, "'faults'", kFaultKeys)) return;
    if (n["to_student"]) LoadDirection(n["to_student"], "to_student", &f->to_student);
    if (n["from_student"]) LoadDirection(n["from_student"], "from_student", &f->from_student);
  }

  void LoadDirection(const YAML::Node& n, const std::string& key, DirectionFaults* d) {
    d->mark = YamlReader::MarkOf(n);
    if (!r_.Map(n, "'" + key + "'", kDirectionKeys)) return;
    if (auto v = Get(n, "drop", &YamlReader::IndexList)) d->drop = *v;
    if (auto v = Get(n, "duplicate", &YamlReader::IndexList)) d->duplicate = *v;
    if (auto v = Get(n, "hold", &YamlReader::IndexList)) d->hold = *v;
    if (auto v = Get(n, "late", &YamlReader::IndexList)) d->late = *v;
    if (n["drop_rate"]) LoadRate(n["drop_rate"], &d->drop_rate);
    if (n["delay"])
      if (auto t = r_.DurationMs(n["delay"], "delay", 0, 60000)) d->delay_ms = static_cast<int>(*t);
    if (n["jitter"])
      if (auto t = r_.DurationMs(n["jitter"], "jitter", 0, 60000))
        d->jitter_ms = static_cast<int>(*t);
    if (n["slice"])
      if (auto v = r_.Integer(n["slice"], "slice", 0, 1 << 20)) d->slice = static_cast<int>(*v);
    if (auto b = Get(n, "coalesce", &YamlReader::Bool)) d->coalesce = *b;
    if (n["reset_after"])
      if (auto v = r_.Integer(n["reset_after"], "reset_after", 0, int64_t{1} << 40))
        d->reset_after = *v;
  }

  // A YAML number (0.3, .5, 1e-1) or a string such as "30%".
  void LoadRate(const YAML::Node& n, double* rate) {
    // A YAML number, or a string that ends in '%' ("0.3" in quotes is text, not a rate).
    ScalarKind kind = Classify(n);
    bool number_like =
        kind == ScalarKind::kInt || kind == ScalarKind::kFloat ||
        (kind == ScalarKind::kString && !n.Scalar().empty() && n.Scalar().back() == '%');
    bool out_of_range = false;
    std::optional<double> v;
    if (n.IsScalar() && number_like) v = ParseRate(n.Scalar(), &out_of_range);
    if (v) {
      *rate = *v;
    } else if (out_of_range) {
      r_.Error(n, fmt::format("'drop_rate' must be from 0 to 1 (0% to 100%), found {}",
                              Cut(n.Scalar())));
    } else {
      r_.Error(n, fmt::format("expected a rate for 'drop_rate' such as 0.3 or 30%, found {}",
                              YamlReader::Found(n)));
    }
  }

  YamlReader r_;
  Spec spec_;
  int default_timeout_ = 5000;
  int default_cpu_limit_ = 0;  // 0: enough for the whole case (run/case_runner.cc)
  int default_points_ = 1;
  bool protocol_unknown_ = false;
  // Roles whose 'listens' could not be read: the rules that depend on it are not checked.
  std::set<std::string> uncertain_roles_;
};

}  // namespace

std::string SpecError::ToString() const {
  if (mark.line == 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}:{}: {}", file, mark.line, mark.column, message);
}

LoadResult LoadSpecString(std::string_view yaml, const std::string& file_name) {
  LoadResult result;
  std::optional<YAML::Node> root = ParseYaml(yaml, file_name, &result.errors);
  if (!root) return result;
  if (!root->IsDefined() || root->IsNull()) {
    result.errors.push_back(
        {file_name,
         {1, 1},
         "the spec is empty; expected a map with exercise, protocol, roles and cases"});
    return result;
  }
  try {
    Loader loader(file_name, &result.errors);
    Spec spec = loader.Load(*root);
    if (result.errors.empty()) result.spec = std::move(spec);
  } catch (const YAML::Exception& e) {
    Mark at = e.mark.is_null() ? Mark{} : Mark{e.mark.line + 1, e.mark.column + 1};
    result.errors.push_back({file_name, at, e.msg});
  }
  // In file order, so the first error a reader sees is the first in the file.
  std::stable_sort(
      result.errors.begin(), result.errors.end(), [](const SpecError& a, const SpecError& b) {
        return std::pair(a.mark.line, a.mark.column) < std::pair(b.mark.line, b.mark.column);
      });
  // Every error at once, but a page, not a flood: a spec pasted with the wrong indentation
  // can give one per line.
  if (result.errors.size() > kMostErrors) {
    size_t more = result.errors.size() - kMostErrors;
    result.errors.resize(kMostErrors);
    result.errors.push_back({file_name,
                             {},
                             fmt::format("and {} more error{} after these: fix these first", more,
                                         more == 1 ? "" : "s")});
  }
  return result;
}

std::vector<KeyGroup> AcceptedKeys() {
  std::vector<std::string> expect = kExpectKeys;
  for (const char* prefix : {"stdout", "received"})
    for (const std::string& k : LineRuleKeys(prefix))
      if (std::find(expect.begin(), expect.end(), k) == expect.end()) expect.push_back(k);
  return {{"top level", kTopKeys},
          {"build", kBuildKeys},
          {"defaults", kDefaultsKeys},
          {"role", kRoleKeys},
          {"case", kCaseKeys},
          {"peer", kPeerKeys},
          {"connection", kConnectionKeys},
          {"repeated message", kRepeatKeys},
          {"drawn message", DrawKeys()},
          {"expect", expect},
          {"line check item", LineRuleItemKeys()},
          {"line count", LineCountKeys()},
          {"faults", kFaultKeys},
          {"faults direction", kDirectionKeys},
          {"script step", ScriptStepKeys()},
          {"script expect", {"text", "matches", "template"}},
          {"script until", {"received"}},
          {"script hint", ScriptHintKeys()},
          {"script lines", LineBlockKeys()},
          {"given file", GivenFileKeys()}};
}

LoadResult LoadSpecFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return LoadResult{
        std::nullopt,
        {{path,
          {},
          "not a file but a directory; give a spec file such as specs/tcp-capitalize.yaml"}}};
  std::optional<std::string> text = ReadFile(path, kMaxSpecBytes + 1);
  if (!text)
    return LoadResult{std::nullopt,
                      {{path, {}, "cannot read the spec: no such file or not readable"}}};
  if (text->size() > kMaxSpecBytes)
    return LoadResult{
        std::nullopt,
        {{path, {}, fmt::format("the spec is larger than {} MiB", kMaxSpecBytes >> 20)}}};
  return LoadSpecString(*text, path);
}

}  // namespace netgrade::spec
