#include "harness/report/gradebook.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "harness/base/text.h"
#include "harness/report/report.h"

namespace netgrade::report {
namespace {

// Cut to what a table cell shows.
std::string Cell(const std::string& line) {
  return line.size() > 300 ? line.substr(0, 300) + "..." : line;
}

// A layout error on one line: its lines (the first ends in a colon, the rest each say what is
// wrong with a role) joined, cut to what a table cell shows.
std::string OneLine(const std::string& text) {
  std::string line;
  for (std::string_view rest = text; !rest.empty();) {
    size_t end = std::min(rest.find('\n'), rest.size());
    std::string_view piece = rest.substr(0, end);
    while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    if (!piece.empty()) line += (line.empty() ? "" : " ") + std::string(piece);
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  return line.size() > 600 ? line.substr(0, 600) + "..." : line;
}

// The first line of an explanation (its likely cause), cut to what a table cell shows.
std::string FirstLine(const std::string& text) { return Cell(text.substr(0, text.find('\n'))); }

// A failed case's cause: its explanation's first part as the JSON report writes it, or for a
// result file written before the explanation had parts, the first line of its message.
std::string CauseOf(const nlohmann::json& c) {
  if (c.contains("explanation") && c["explanation"].is_object())
    if (std::string cause = c["explanation"].value("cause", ""); !cause.empty()) return Cell(cause);
  return FirstLine(c.value("message", ""));
}

}  // namespace

std::vector<GradebookCase> GradebookCases(const spec::Spec& spec) {
  std::vector<GradebookCase> out;
  for (const spec::Case& c : spec.cases) out.push_back({c.name, c.points});
  return out;
}

std::string ResultFile(const run::GradeOutcome& outcome) {
  if (outcome.layout_error.empty()) return Json(outcome.result);
  // The layout error's document exactly as a class report writes it (one writer of it, in
  // json_report.cc), taken out of its list.
  nlohmann::json list = nlohmann::json::parse(JsonClass({outcome}));
  return list.at(0).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<GradebookRow> RowFromResultFile(const std::string& submission,
                                              const std::string& contents) {
  nlohmann::json doc = nlohmann::json::parse(contents, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("cases") || !doc["cases"].is_array()) return std::nullopt;
  GradebookRow row;
  row.submission = submission;
  try {
    if (doc.contains("layout_error")) {
      row.status = run::Status::kLayoutError;
      row.max = doc.value("max_score", 0);
      row.diagnosis["layout"] = "layout_error";
      row.explanation["layout"] = OneLine(doc.at("layout_error").get<std::string>());
      if (std::string shape = doc.value("layout_error_shape", ""); !shape.empty())
        row.shape["layout"] = OneLine(shape);
      return row;
    }
    bool passed = true, grader_error = false;
    for (const nlohmann::json& c : doc["cases"]) {
      std::string name = c.at("name").get<std::string>();
      row.points[name] = c.at("score").get<int>();
      row.passed[name] = c.at("passed").get<bool>();
      if (!row.passed[name]) {
        row.diagnosis[name] = c.value("diagnosis", "");
        row.explanation[name] = CauseOf(c);
        if (c.contains("explanation") && c["explanation"].is_object())
          if (std::string shape = c["explanation"].value("shape", ""); !shape.empty())
            row.shape[name] = shape;
        if (std::string mistake = c.value("mistake", ""); !mistake.empty())
          row.mistake[name] = mistake;
      }
      if (c.contains("figures") && c["figures"].is_object())
        for (const auto& [figure, f] : c["figures"].items())
          if (f.is_object() && f.value("leaderboard", false) && f.contains("value") &&
              f["value"].is_number())
            row.leaderboard[{name, figure}] = {f["value"].get<double>(), f.value("unit", "")};
      // A case worth 0 points is not graded: its failure fails nothing.
      passed = passed && (c.at("passed").get<bool>() || c.at("max_score").get<int>() == 0);
      grader_error = grader_error || c.at("verdict").get<std::string>() == "grader_error";
    }
    row.total = doc.at("score").get<int>();
    row.max = doc.at("max_score").get<int>();
    row.not_run = doc.value("not_run", 0);
    row.status = grader_error ? run::Status::kGraderError
                 : passed     ? run::Status::kPassed
                              : run::Status::kFailed;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return row;
}

std::string CsvField(std::string_view text) {
  std::string field = EscapeText(text, text.size() * 4 + 16);
  if (!field.empty() && std::string_view("=+-@").find(field[0]) != std::string_view::npos)
    field.insert(0, "'");
  bool quote = field.find_first_of(",\"") != std::string::npos ||
               (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) return field;
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string GradebookCsv(const std::vector<GradebookCase>& cases, std::vector<GradebookRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const GradebookRow& a, const GradebookRow& b) {
    return a.submission < b.submission;
  });
  int spec_max = 0;
  std::string out = "submission,status,total,max";
  for (const GradebookCase& c : cases) {
    out += "," + CsvField(c.name);
    spec_max += c.points;
  }
  for (const GradebookCase& c : cases) out += "," + CsvField(c.name + " result");
  out += "\n";
  for (const GradebookRow& row : rows) {
    out += CsvField(row.submission) + "," + run::StatusName(row.status);
    switch (row.status) {
      case run::Status::kGraderError:  // no score: the grader's failure, not the student's
        out += ",,";
        for (size_t i = 0; i < 2 * cases.size(); ++i) out += ",";
        break;
      case run::Status::kLayoutError:  // graded as nothing: 0 of everything
        out += ",0," + std::to_string(spec_max);
        for (size_t i = 0; i < cases.size(); ++i) out += ",0";
        for (size_t i = 0; i < cases.size(); ++i) out += ",fail";
        break;
      default:
        out += "," + std::to_string(row.total) + "," + std::to_string(row.max);
        for (const GradebookCase& c : cases) {
          auto it = row.points.find(c.name);
          out += it == row.points.end() ? "," : "," + std::to_string(it->second);
        }
        for (const GradebookCase& c : cases) {
          auto it = row.passed.find(c.name);
          out += it == row.passed.end() ? "," : it->second ? ",pass" : ",fail";
        }
    }
    out += "\n";
  }
  return out;
}

}  // namespace netgrade::report
