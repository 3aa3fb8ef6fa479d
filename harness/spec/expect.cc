#include "harness/spec/expect.h"

#include "harness/spec/expected_files.h"
#include "harness/spec/icmp_path.h"
#include "harness/spec/line_rules.h"
#include "harness/spec/optional_key.h"

namespace netgrade::spec {
namespace {

// `stdout: [lines]`, `stdout: peer-sent|peer-replies`; `received: [lines]`, `received: stdin`.
void LoadSources(const YAML::Node& n, YamlReader& r, Expect* e) {
  if (n["stdout"]) {
    if (n["stdout"].IsSequence()) {
      if (auto lines = r.StringList(n["stdout"], "stdout")) e->stdout_lines = *lines;
      e->stdout_source = StdoutSource::kLines;
    } else if (auto v = r.Enum(n["stdout"], "stdout", {"peer-sent", "peer-replies"})) {
      e->stdout_source = *v == "peer-sent" ? StdoutSource::kPeerSent : StdoutSource::kPeerReplies;
    }
  }
  if (n["received"]) {
    if (n["received"].IsSequence()) {
      if (auto lines = r.StringList(n["received"], "received")) e->received_lines = *lines;
      e->received_source = ReceivedSource::kLines;
    } else if (r.Enum(n["received"], "received", {"stdin"})) {
      e->received_source = ReceivedSource::kStdin;
    }
  }
}

}  // namespace

const std::vector<std::string>& ExpectKeys() {
  static const std::vector<std::string> keys = {
      "replies",        "stdout",           "received",
      "exit",           "stdout_matches",   "stdout_contains",
      "stdout_lines",   "received_matches", "received_contains",
      "received_lines", "exit_status",      "no_traceback",
      "files",          "echo_requests",    "ttl_probes"};
  return keys;
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
  if (n["exit_status"])
    if (auto v = r.Integer(n["exit_status"], "exit_status", 0, 255)) {
      e->exit_status = static_cast<int>(*v);
      // The case waits for the program to exit, as with `exit: required`.
      if (e->exit == ExitRule::kAny) e->exit = ExitRule::kRequired;
    }
  if (auto b = OptionalKey(r, n, "no_traceback", &YamlReader::Bool)) e->no_traceback = *b;
  if (n["files"]) LoadExpectedFiles(n["files"], r, &e->files);
  if (n["echo_requests"]) LoadEchoRequests(n["echo_requests"], r, &e->echo_requests.emplace());
  if (n["ttl_probes"]) LoadTtlProbes(n["ttl_probes"], r, &e->ttl_probes.emplace());
}

bool ExpectsNothing(const Expect& e) {
  return e.replies == Transform::kNone && e.stdout_source == StdoutSource::kUnchecked &&
         e.received_source == ReceivedSource::kUnchecked && e.exit == ExitRule::kAny &&
         e.stdout_rules.empty() && e.received_rules.empty() && !e.exit_status && !e.no_traceback &&
         e.files.empty() && !e.echo_requests && !e.ttl_probes;
}

}  // namespace netgrade::spec
