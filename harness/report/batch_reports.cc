#include "harness/report/batch_reports.h"

#include <fmt/core.h>

#include <algorithm>
#include <pugixml.hpp>
#include <sstream>
#include <stdexcept>

#include "harness/base/file.h"

namespace netgrade::report {

std::vector<std::string> BatchFormats(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& known : FormatNames())
    if (std::find(names.begin(), names.end(), known) != names.end()) out.push_back(known);
  return out;
}

namespace {
// `text` with every `from` replaced by `to`.
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
    text.replace(at, from.size(), to);
  return text;
}
}  // namespace

run::GradeOutcome ForClass(run::GradeOutcome outcome, const std::string& spec, int max) {
  check::GradeResult& r = outcome.result;
  std::filesystem::path path = r.submission;
  std::string name = path.filename().string();
  if (name.empty()) name = path.parent_path().filename().string();  // "DIR/alice/"
  // The longer spelling first: "/abs/subs/alice/" leaves no stray slash.
  for (const std::string& from : {path.string() + "/", path.string()}) {
    std::string to = from.back() == '/' ? name + "/" : name;
    outcome.layout_error = ReplaceAll(outcome.layout_error, from, to);
    outcome.layout_error_shape = ReplaceAll(outcome.layout_error_shape, from, to);
    for (check::CaseResult& c : r.cases) {
      // In every part of the explanation, and the message rendered from them again.
      // A shape's parts made without one stand as their text, which may hold the path too.
      for (std::string* part : {&c.cause, &c.evidence, &c.fix, &c.shape, &c.without_case_port})
        *part = ReplaceAll(*part, from, to);
      for (std::string& note : c.finding_notes) note = ReplaceAll(note, from, to);
      c.message = c.cause.empty() && !c.message.empty() ? ReplaceAll(c.message, from, to)
                                                        : check::RenderedMessage(c);
      for (std::string& note : c.notes) note = ReplaceAll(note, from, to);
    }
  }
  r.submission = name;
  r.spec_file = spec;
  if (!outcome.layout_error.empty()) r.max_score = max;
  return outcome;
}

std::string ShownSpecPath(const std::string& path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  std::filesystem::path here = std::filesystem::current_path(ec);
  if (ec) return std::filesystem::path(path).filename().string();
  std::filesystem::path relative = absolute.lexically_normal().lexically_relative(here);
  if (relative.empty() || *relative.begin() == "..")
    return std::filesystem::path(path).filename().string();
  return relative.string();
}

std::string ReportExtension(Format format) {
  switch (format) {
    case Format::kText:
      return ".txt";
    case Format::kJson:
      return "";
    case Format::kJunit:
      return ".xml";
    case Format::kGradescope:
      return ".gradescope.json";
    case Format::kTap:
      return ".tap";
    case Format::kGithub:
      return ".github.txt";
    case Format::kHtml:
      return ".html";
  }
  return "";
}

std::string SubmissionReport(const run::GradeOutcome& outcome, Format format) {
  if (outcome.layout_error.empty())
    return Write(outcome.result, format,
                 BatchRerun(outcome.result.spec_file, outcome.result.submission));
  if (format == Format::kGradescope) return GradescopeLayoutError(outcome);
  return WriteClass({outcome}, format);
}

namespace {
// A <testsuites> filled with the <testsuite>s of one document after another.
class JunitJoiner {
 public:
  explicit JunitJoiner(const std::string& exercise) {
    all_ = joined_.append_child("testsuites");
    all_.append_attribute("name") = exercise.c_str();
  }
  // False when `text` is not a JUnit document (then nothing of it is taken).
  bool Add(const std::string& text) {
    pugi::xml_document doc;
    pugi::xml_node suites;
    if (!doc.load_buffer(text.data(), text.size()) || !(suites = doc.child("testsuites")))
      return false;
    for (pugi::xml_node suite : suites.children("testsuite")) {
      all_.append_copy(suite);
      tests_ += suite.attribute("tests").as_int();
      failures_ += suite.attribute("failures").as_int();
      errors_ += suite.attribute("errors").as_int();
      skipped_ += suite.attribute("skipped").as_int();
      seconds_ += suite.attribute("time").as_double();
    }
    return true;
  }
  std::string Done() {
    // The attributes in the order Junit() writes them.
    all_.append_attribute("tests") = tests_;
    all_.append_attribute("failures") = failures_;
    all_.append_attribute("errors") = errors_;
    all_.append_attribute("skipped") = skipped_;
    all_.append_attribute("time") = seconds_;
    std::ostringstream out;
    joined_.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
  }

 private:
  pugi::xml_document joined_;
  pugi::xml_node all_;
  int tests_ = 0, failures_ = 0, errors_ = 0, skipped_ = 0;
  double seconds_ = 0;
};
}  // namespace

std::string JoinJunit(const std::string& exercise, const std::vector<std::string>& documents) {
  JunitJoiner joiner(exercise);
  for (const std::string& text : documents)
    if (!joiner.Add(text)) throw std::runtime_error("not a JUnit document of netgrade");
  return joiner.Done();
}

std::string JunitOfClass(const std::filesystem::path& reports, const std::string& exercise,
                         std::vector<std::string> names) {
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return run::ResultStem(a) < run::ResultStem(b);
  });
  JunitJoiner joiner(exercise);
  for (const std::string& name : names) {
    std::filesystem::path file = run::SubmissionFilePath(reports, name, ".xml");
    std::optional<std::string> text = ReadFile(file.string(), 64 << 20);
    if (!text) throw std::runtime_error(fmt::format("{}: missing or unreadable", file.string()));
    if (!joiner.Add(*text))
      throw std::runtime_error(fmt::format("{}: not a JUnit document of netgrade", file.string()));
  }
  return joiner.Done();
}

std::string GithubGradebookSummary(const std::string& exercise,
                                   const std::vector<GradebookRow>& rows) {
  std::vector<const GradebookRow*> sorted;
  for (const GradebookRow& row : rows) sorted.push_back(&row);
  std::sort(sorted.begin(), sorted.end(), [](const GradebookRow* a, const GradebookRow* b) {
    return a->submission < b->submission;
  });
  size_t count[4] = {0, 0, 0, 0};  // by run::Status
  std::string table = "| submission | result | points |\n|---|---|---|\n";
  for (const GradebookRow* row : sorted) {
    ++count[static_cast<int>(row->status)];
    // A grader error has no score: it is not the student's (as in the gradebook).
    std::string points =
        row->status == run::Status::kGraderError ? "" : fmt::format("{}/{}", row->total, row->max);
    if (row->status == run::Status::kLayoutError) points = "0";
    table += fmt::format("| {} | {} | {} |\n", MarkdownCell(row->submission),
                         run::StatusName(row->status), points);
  }
  return fmt::format(
             "### {} — class of {}: {} passed, {} failed, {} not graded (layout), {} grader "
             "errors\n\n",
             MarkdownCell(exercise), rows.size(), count[0], count[1], count[2], count[3]) +
         table + "\n";
}

}  // namespace netgrade::report
