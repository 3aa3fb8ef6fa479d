#include <nlohmann/json.hpp>

#include "harness/base/bytes.h"
#include "harness/report/report.h"
#include "harness/report/text_diff.h"

namespace netgrade::report {
namespace {

nlohmann::json Events(const std::vector<check::TranscriptEvent>& events) {
  nlohmann::json out = nlohmann::json::array();
  for (const check::TranscriptEvent& e : events)
    out.push_back({{"t_ms", e.t_ms},
                   {"direction", e.direction},
                   {"index", e.index},
                   {"size", e.size},
                   {"text", e.text},
                   {"action", e.action},
                   {"words", e.words}});
  return out;
}

// Bytes: each value as hex ("00 0a ff", the only way JSON holds any byte), the offset of the
// first byte that differs, and the hex dump lines the text report shows.
nlohmann::json BinaryJson(const check::Difference& d) {
  auto hex = [](const std::optional<std::string>& s, bool bytes) {
    if (!s) return nlohmann::json(nullptr);
    return nlohmann::json(bytes ? HexBytes(*s, std::string::npos) : *s);
  };
  nlohmann::json out = {{"encoding", "hex"},
                        {"sent", hex(d.sent, d.sent_binary)},
                        {"expected", hex(d.expected, !d.expected_described)},
                        {"received", hex(d.received, true)}};
  // What the peer sent last is hex when it was bytes, and its text as it was otherwise.
  if (d.sent) out["sent_encoding"] = d.sent_binary ? "hex" : "text";
  if (d.expected_described) out["expected_is_description"] = true;
  if (d.expected && d.received && !d.expected_described)
    if (std::optional<size_t> k = FirstDifferingByte(*d.expected, *d.received))
      out["first_difference"] = *k;
  out["hex_dump"] = BinaryDifferenceLines(d);
  return out;
}

// The first message that differed: sent (when known), expected and received, each a string
// or null (null expected: an extra message; null received: a missing one).
nlohmann::json DifferenceJson(const check::Difference& d) {
  auto value = [](const std::optional<std::string>& s) {
    return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
  };
  if (d.binary) return BinaryJson(d);
  nlohmann::json out = {
      {"sent", value(d.sent)}, {"expected", value(d.expected)}, {"received", value(d.received)}};
  // A pattern's mismatch: the byte of `received` the pattern rejects.
  if (d.rejected_at) out["rejected_at"] = *d.rejected_at;
  if (d.expected_described) out["expected_is_description"] = true;
  return out;
}

// A part of the explanation as a reader wants it: without the space and line breaks that join
// it to the others in `message`.
std::string Trimmed(const std::string& part) {
  size_t from = part.find_first_not_of(" \n");
  if (from == std::string::npos) return "";
  return part.substr(from, part.find_last_not_of(" \n") + 1 - from);
}

// The explanation in its parts (check::Finding's), beside `message`, which joins them: the
// diagnosis's code, its cause (the first sentence) and the cause's shape (what it says without
// this case's and this program's values, as its maker gave it: the class page's row), the
// evidence, the fix and the notes later steps added. All "" (and no notes) for a case that
// passed.
nlohmann::json ExplanationJson(const check::CaseResult& c) {
  nlohmann::json notes = nlohmann::json::array();
  for (const std::string& note : c.finding_notes) notes.push_back(Trimmed(note));
  return {{"code", c.passed() ? "" : std::string(check::CodeName(c.code))},
          {"cause", Trimmed(c.cause)},
          {"shape", Trimmed(c.shape)},
          {"evidence", Trimmed(c.evidence)},
          {"fix", Trimmed(c.fix)},
          {"notes", notes}};
}

nlohmann::json Document(const check::GradeResult& result) {
  nlohmann::json cases = nlohmann::json::array();
  for (const check::CaseResult& c : result.cases) {
    cases.push_back({
        {"name", c.name},
        {"role", c.role},
        {"description", c.description},
        {"visibility", spec::VisibilityName(c.visibility)},
        {"program", c.program},
        {"passed", c.passed()},
        {"verdict", c.verdict == check::Verdict::kPass   ? "pass"
                    : c.verdict == check::Verdict::kFail ? "fail"
                    : c.not_run()                        ? "not_run"
                                                         : "grader_error"},
        {"diagnosis", c.passed() ? "" : std::string(check::CodeName(c.code))},
        {"score", c.score},
        {"max_score", c.max_score},
        {"message", c.message},
        {"notes", c.notes},
        {"seed", c.seed},
        {"timed_out", c.timed_out},
        {"wall_ms", c.wall_ms},
        {"student_ms", c.student_ms},
        {"fault_plan", c.fault_plan},
        {"transcript", Events(c.events)},
        {"transcript_from", c.events_from},
    });
    if (c.difference) cases.back()["difference"] = DifferenceJson(*c.difference);
    if (!c.figures.empty()) {
      nlohmann::json figures = nlohmann::json::object();
      for (const check::Figure& f : c.figures) {
        figures[f.name] = {{"value", f.value}, {"unit", f.unit}, {"words", f.words}};
        // The figure that ranks a class (the class page's leaderboard, Gradescope's).
        if (f.leaderboard) figures[f.name]["leaderboard"] = true;
      }
      cases.back()["figures"] = figures;
    }
    if (!c.toolchain.empty()) cases.back()["toolchain"] = c.toolchain;
    if (!c.mistake.empty()) cases.back()["mistake"] = c.mistake;
    if (c.script_step > 0)
      cases.back()["script_step"] = {{"step", c.script_step}, {"line", c.script_line}};
    cases.back()["explanation"] = ExplanationJson(c);
    if (c.capture)
      cases.back()["capture"] = c.capture->file.empty()
                                    ? nlohmann::json{{"missing", c.capture->missing}}
                                    : nlohmann::json{{"file", c.capture->file},
                                                     {"packets", c.capture->packets},
                                                     {"left_out", c.capture->left_out},
                                                     {"fault_comments", c.capture->fault_comments}};
  }
  const check::Sandbox& box = result.sandbox;
  nlohmann::json sandbox = {
      {"cgroups", box.cgroups},
      {"process_cap", box.process_cap},
      {"memory_cap", box.memory_cap},
      {"process_cap_by", box.process_cap_by},
      {"memory_cap_by", box.memory_cap_by},
      {"network_namespace", box.network_namespace},
      {"user", box.user},
      {"sockets_found_by", box.sockets_found_by},
      {"filesystem", box.filesystem},
      {"refused_syscalls", box.refused_syscalls},
      {"unix_sockets", box.unix_sockets},
      {"socket_families", box.socket_families},
      {"weaker", box.weaker},
  };
  nlohmann::json doc = {
      {"sandbox", sandbox},
      {"exercise", result.exercise},
      {"spec", result.spec_file},
      {"submission", result.submission},
      {"seed", result.seed},
      {"score", result.score},
      {"max_score", result.max_score},
      // Every graded case passed, and every case ran: a grading cut short by this machine
      // (cases not run: `not_run`, exit status 2) is not a pass.
      {"passed", result.all_passed() && result.not_run() == 0},
      {"not_run", result.not_run()},
      {"cases", cases},
  };
  return doc;
}

// A submission that could not be graded: named, with its error, and nothing passed.
nlohmann::json LayoutError(const run::GradeOutcome& outcome) {
  const check::GradeResult& r = outcome.result;
  return {
      {"exercise", r.exercise},
      {"spec", r.spec_file},
      {"submission", r.submission},
      {"seed", r.seed},
      {"score", 0},
      // The spec's points (the caller fills result.max_score): a layout error scores 0 of
      // them, as grades.csv says.
      {"max_score", r.max_score},
      {"passed", false},
      {"layout_error", outcome.layout_error},
      // Its shape, as for a case's cause (explanation.shape): what the class page groups a
      // class's layout errors by; "" where netgrade has none.
      {"layout_error_shape", outcome.layout_error_shape},
      {"cases", nlohmann::json::array()},
  };
}

// Student output may hold invalid UTF-8: replace it rather than fail the report.
std::string Dump(const nlohmann::json& doc) {
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string Json(const check::GradeResult& result) { return Dump(Document(result)); }

std::string JsonClass(const std::vector<run::GradeOutcome>& outcomes) {
  nlohmann::json list = nlohmann::json::array();
  for (const run::GradeOutcome& o : outcomes)
    list.push_back(o.layout_error.empty() ? Document(o.result) : LayoutError(o));
  return Dump(list);
}

}  // namespace netgrade::report
