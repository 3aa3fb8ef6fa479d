#include "harness/run/case_result.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include <algorithm>

#include "harness/check/notes.h"
#include "harness/check/restart_checks.h"
#include "harness/kinds/sockets/datagram_key.h"
#include "harness/plan/fault_plan.h"
#include "harness/run/peer_timeline.h"

namespace netgrade::run {

std::string MaskClockFigures(std::string_view message) {
  // An address (and port) first: the peer's own ports are the kernel's choice, not the
  // program's, and its dots are no decimals.
  static const RE2 address(R"((\d{1,3}\.){3}\d{1,3}(:\d+)?)");
  static const RE2 clock(R"(\d+:\d\d(:\d\d)?(\.\d+)?|\d+\.\d+|\d{9,})");
  std::string out(message);
  RE2::GlobalReplace(&out, address, "@");
  RE2::GlobalReplace(&out, clock, "#");
  return out;
}

std::vector<std::vector<std::string>> SentKey(const std::vector<peers::ConnectionLog>& logs) {
  std::vector<std::vector<std::string>> key;
  for (const peers::ConnectionLog& log : logs) {
    std::vector<std::string> messages;
    auto add = [&](std::string_view m) {
      messages.push_back(MaskClockFigures(m.substr(0, kKeyBytes)));
    };
    if (!log.datagrams.empty()) {
      for (size_t i = 0; i < log.datagrams.size() && i < kKeyMessages; ++i) add(log.datagrams[i]);
    } else {
      // Complete lines only: where the case ended may cut the last one anywhere.
      std::string_view rest = log.received;
      for (size_t end = rest.find('\n');
           end != std::string_view::npos && messages.size() < kKeyMessages; end = rest.find('\n')) {
        add(rest.substr(0, end));
        rest.remove_prefix(end + 1);
      }
    }
    key.push_back(std::move(messages));
  }
  return key;
}

std::string DescribeFaults(const spec::Case& test, uint64_t seed) {
  std::string to = plan::Describe(test.faults.to_student),
              from = plan::Describe(test.faults.from_student);
  return fmt::format(
      "fault plan (seed {}): {}{}{}", seed, to.empty() ? "" : "to the student: " + to,
      !to.empty() && !from.empty() ? "; " : "", from.empty() ? "" : "from the student: " + from);
}

std::string PeerNames(const std::map<std::string, std::string>& connection_names) {
  std::vector<std::string> names;
  for (const auto& [label, name] : connection_names)
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out;
}

check::CaseResult MakeCaseResult(const CaseOutcome& o) {
  const spec::Case& test = *o.test;
  const check::Finding& f = o.finding;
  check::CaseResult r;
  r.name = test.name;
  r.role = test.role;
  r.description = test.description;
  r.visibility = test.visibility;
  r.program = o.program;
  r.max_score = test.points;
  r.verdict = check::VerdictOf(f.code);
  if (o.seen != nullptr && o.seen->spec != nullptr) {
    // The names of the connections its script uses, the role's over the spec's.
    std::map<std::string, std::string> names;
    for (const spec::Step& step : test.script)
      for (const auto* named : {o.seen->role == nullptr ? nullptr : &o.seen->role->connection_names,
                                &o.seen->spec->connection_names})
        if (named != nullptr && named->count(step.on)) {
          names.try_emplace(step.on, named->at(step.on));
          break;
        }
    r.peer_names = PeerNames(names);
  }
  if (!r.passed() && o.seen != nullptr && o.seen->script_failure) {
    r.script_step = o.seen->script_failure->step;
    r.script_line = o.seen->script_failure->line;
  }
  if (o.proxy) {
    const proxy::Transcript& transcript = o.proxy->transcript();
    r.transcript = transcript.Lines();
    for (const proxy::TranscriptEntry& e : transcript.entries())
      r.events.push_back(
          {e.t_ms, e.direction == plan::Direction::kToStudent ? "to_student" : "from_student",
           e.index, e.size, e.text, proxy::ActionName(e.action), e.words});
    r.fault_plan = DescribeFaults(test, o.seed);
    r.datagram_key = sockets::DatagramKey(*o.proxy, test, r.fault_plan);
    r.transcript.insert(r.transcript.begin(), r.fault_plan);
    r.events_from = "proxy";
  } else if (!f.ok() && o.seen != nullptr) {
    // No proxy: a failing case is drawn from what its reference peer recorded.
    r.events = PeerTimeline(o.seen->connections);
    r.events_from = "peer";
  }
  if (o.seen != nullptr) r.sent_key = SentKey(o.seen->connections);
  r.code = f.code;
  r.cause = f.cause;
  r.evidence = f.evidence;
  r.fix = f.fix;
  r.finding_notes = f.notes;
  r.shape = f.cause.shape();
  r.without_case_port = f.WithoutCasePort();
  r.message = check::RenderedMessage(r);  // f.Text()
  r.mistake = f.mistake;
  r.said_address_in_use = !f.ok() && o.seen != nullptr &&
                          (check::AddressInUseLine(o.seen->program.stderr_text) ||
                           check::AddressInUseLine(o.seen->stdout_text));
  r.notes = check::Notes(*o.seen, o.kind != nullptr ? *o.kind : check::KindChecks{}, f.code);
  if (f.ok() && o.points) r.notes.push_back(o.points->words);
  r.difference = f.difference;
  r.score = !f.ok() ? 0 : o.points ? std::min(o.points->points, test.points) : test.points;
  r.seed = o.seed;
  r.timed_out = o.seen->timed_out;
  r.wall_ms = o.wall_ms;
  r.student_ms = o.student_ms;
  r.load_extension_ms = o.load_extension_ms;
  return r;
}

}  // namespace netgrade::run
