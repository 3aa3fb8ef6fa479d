// The instructor's view of a batch (OUT/summary.json, OUT/index.html, OUT/lms-*.csv) says the
// same figures as grades.csv, whatever the class: a property checked over each lab's catalogue,
// two references and six fixtures of different outcomes graded as one class
// (OneOfEachOutcome). The hostile fixtures are left
// out: they are written for one or two cases each (tests/cli/hostile_test.cc runs them so), and the
// whole spec over them takes minutes of fork bombs and floods, not a different gradebook.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "harness/report/class_summary.h"
#include "harness/report/gradebook.h"
#include "harness/spec/load.h"
#include "harness/validate/catalogue.h"
#include "tests/cli/class_folder.h"

namespace netgrade::testing_cli {
namespace {

// The fields of one CSV line as RFC 4180 has them (quotes undone).
std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::vector<std::vector<std::string>> Csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);  // CsvField escapes newlines: one row a line
    rows.push_back(Fields(text.substr(at, end - at)));
    at = end + 1;
  }
  return rows;
}

// The gradebook's spelling of a name, for matching JSON's raw names to CSV cells.
std::string Cell(const std::string& name) { return Fields(report::CsvField(name))[0]; }

// Every figure of summary.json (and lms-*.csv, index.html) against grades.csv; "" when all
// agree, else each disagreement on a line.
std::string Disagreements(const ClassFolder& c, const std::string& out) {
  std::string problems;
  auto problem = [&](const std::string& what) { problems += what + "\n"; };
  std::vector<std::vector<std::string>> csv = Csv(c.Read(out, "grades.csv"));
  nlohmann::json summary = nlohmann::json::parse(c.Read(out, "summary.json"));
  std::string page = c.Read(out, "index.html");
  const std::vector<std::string>& header = csv.at(0);
  size_t n_cases = (header.size() - 4) / 2;
  if (summary["cases"].size() != n_cases) problem("a different number of cases");
  if (summary["students"].size() != csv.size() - 1) problem("a different number of students");
  if (problems.size()) return problems;

  std::map<std::string, size_t> statuses;
  std::vector<int> totals;
  std::vector<size_t> passed(n_cases, 0), failed(n_cases, 0);
  for (size_t i = 1; i < csv.size(); ++i) {
    const std::vector<std::string>& row = csv[i];
    const nlohmann::json& student = summary["students"][i - 1];
    std::string name = student["submission"];
    if (Cell(name) != row[0]) problem("row " + std::to_string(i) + ": " + row[0] + " vs " + name);
    if (student["status"] != row[1]) problem(name + ": status " + row[1]);
    ++statuses[row[1]];
    bool scored = row[1] != "grader_error";
    if (scored != !student["total"].is_null()) problem(name + ": a score in one only");
    if (scored) {
      if (std::to_string(student["total"].get<int>()) != row[2]) problem(name + ": total");
      if (std::to_string(student["max"].get<int>()) != row[3]) problem(name + ": max");
      totals.push_back(std::stoi(row[2]));
    }
    for (size_t k = 0; k < n_cases; ++k) {
      const std::string& result = row[4 + n_cases + k];
      if (result == "pass") ++passed[k];
      if (result == "fail") ++failed[k];
      if (!scored && !result.empty()) problem(name + ": a grader error with a case result");
      if (result.empty() != row[4 + k].empty())
        problem(name + ": points and result of " + header[4 + k] + " disagree on being there");
    }
    std::string report = student["report"];
    bool plain = std::all_of(report.begin(), report.end(), [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || std::strchr("._/-", ch);
    });
    if (plain && page.find("<a href=\"" + report + "\">") == std::string::npos)
      problem(name + ": the page has no link to " + report);
    if (!fs::exists(c.out(out) / std::string(student["report"])))
      problem(name + ": its report " + std::string(student["report"]) + " does not exist");
  }
  for (size_t k = 0; k < n_cases; ++k) {
    const nlohmann::json& figures = summary["cases"][k];
    if (Cell(figures["name"]) != header[4 + k]) problem("case order: " + header[4 + k]);
    if (figures["passed"] != passed[k] || figures["failed"] != failed[k])
      problem(header[4 + k] + ": passed/failed differ from the column");
    double rate = passed[k] + failed[k] ? double(passed[k]) / double(passed[k] + failed[k]) : 0;
    if (std::abs(figures["pass_rate"].get<double>() - rate) > 1e-12)
      problem(header[4 + k] + ": pass rate");
    std::string shown = std::to_string(passed[k]) + " of " + std::to_string(passed[k] + failed[k]);
    if (page.find(shown) == std::string::npos) problem(header[4 + k] + ": page lacks " + shown);
  }
  for (const char* status : {"passed", "failed", "grader_errors", "layout_errors"}) {
    std::string key = status == std::string("grader_errors")   ? "grader_error"
                      : status == std::string("layout_errors") ? "layout_error"
                                                               : status;
    if (summary[status] != statuses[key]) problem(std::string("count of ") + status);
  }
  // The distribution and its mean and median, from the CSV's totals.
  std::vector<size_t> counts(summary["distribution"].size(), 0);
  double sum = 0;
  for (int t : totals) {
    sum += t;
    for (size_t b = 0; b < counts.size(); ++b)
      if (t >= summary["distribution"][b]["from"] && t <= summary["distribution"][b]["to"])
        ++counts[b];
  }
  for (size_t b = 0; b < counts.size(); ++b)
    if (summary["distribution"][b]["count"] != counts[b])
      problem("distribution bin " + std::to_string(b));
  std::sort(totals.begin(), totals.end());
  if (!totals.empty()) {
    size_t n = totals.size();
    double median = n % 2 ? totals[n / 2] : (totals[n / 2 - 1] + totals[n / 2]) / 2.0;
    if (std::abs(summary["mean"].get<double>() - sum / double(n)) > 1e-9) problem("mean");
    if (summary["median"].get<double>() != median) problem("median");
  }
  // The LMS files: the same grade per student (empty for a grader error), in the same order.
  std::vector<std::vector<std::string>> canvas = Csv(c.Read(out, "lms-canvas.csv"));
  std::vector<std::vector<std::string>> moodle = Csv(c.Read(out, "lms-moodle.csv"));
  if (canvas.size() != csv.size() + 1 || moodle.size() != csv.size())
    return problems + "lms rows\n";
  for (size_t i = 1; i < csv.size(); ++i) {
    std::string grade = csv[i][1] == "grader_error" ? "" : csv[i][2];
    if (canvas[i + 1][3] != csv[i][0] || canvas[i + 1][5] != grade)
      problem("canvas row of " + csv[i][0]);
    if (moodle[i][0] != csv[i][0] || moodle[i][1] != grade) problem("moodle row of " + csv[i][0]);
  }
  return problems;
}

struct Exercise {
  std::string spec;  // specs/<name>.yaml
  std::vector<validate::Fixture> fixtures;
};

std::vector<Exercise> Exercises() {
  std::vector<Exercise> out;
  std::vector<fs::path> specs;
  // Every lab but congestion-control: a batch grades each of its programs on every case, a
  // minute of goodputs measured at a bottleneck each, which the rest of the suite beside it
  // would load (its catalogue grades them one at a time); reliable-transfer's class is the
  // transport kind's.
  for (const auto& e : fs::directory_iterator(fs::path(NETGRADE_SOURCE_DIR) / "specs"))
    if (e.path().extension() == ".yaml" && e.path().filename() != "congestion-control.yaml")
      specs.push_back(e.path());
  std::sort(specs.begin(), specs.end());
  for (const fs::path& p : specs) {
    spec::LoadResult loaded = spec::LoadSpecFile(p.string());
    if (!loaded.ok()) continue;  // the spec tests report it
    out.push_back(
        {"specs/" + p.filename().string(),
         validate::LoadCatalogue(NETGRADE_SOURCE_DIR, NETGRADE_BINARY_DIR, loaded.spec->exercise)});
  }
  return out;
}

void PrintTo(const Exercise& e, std::ostream* os) { *os << e.spec; }

class ClassView : public testing::TestWithParam<Exercise> {};

// The class graded: two references and, of the fixtures, the first six of different outcomes
// (the roles graded and the codes they must get): passes, failures of several codes and a
// layout error on the summary page and in the LMS files, without grading the lab's whole
// catalogue again on every case (a minute to five of the suite's time per lab, and the load
// of that beside the rest of it; catalogue_test.cc grades every fixture).
std::vector<const validate::Fixture*> OneOfEachOutcome(const Exercise& e) {
  std::vector<const validate::Fixture*> out;
  std::set<std::string> seen;
  int references = 0;
  for (const validate::Fixture& f : e.fixtures) {
    // Not built, or a program that dials another host (only namespaces keep it in).
    if (!validate::SkipReason(f).empty() || !fs::is_directory(f.dir)) continue;
    if (f.reference()) {
      if (references++ < 2) out.push_back(&f);
      continue;
    }
    std::string outcome;
    for (const std::string& r : f.roles) outcome += r + ",";
    for (const auto& [name, code] : f.fail) outcome += " " + std::string(check::CodeName(code));
    if (seen.size() < 6 && seen.insert(outcome).second) out.push_back(&f);
  }
  return out;
}

TEST_P(ClassView, SummaryPageAndLmsFilesAgreeWithGradesCsvOnEveryFigure) {
  const Exercise& e = GetParam();
  ClassFolder c;
  size_t added = 0;
  for (const validate::Fixture* fixture : OneOfEachOutcome(e)) {
    const validate::Fixture& f = *fixture;
    std::string name = f.name;
    std::replace(name.begin(), name.end(), '/', '_');
    c.Add(name, f.dir.string());
    ++added;
  }
  c.AddFile("not-a-folder.zip");  // a layout error in every class
  Ran r = RunNetgrade(
      {"batch", e.spec, "--submissions", c.subs().string(), "--out", c.out("out").string(),
       "--jobs", "2", "--format", "text", "--lms", "canvas", "--lms", "moodle"},
      c.Env());
  ASSERT_TRUE(r.status == 0 || r.status == 1) << r.err;
  nlohmann::json summary = nlohmann::json::parse(c.Read("out", "summary.json"));
  EXPECT_EQ(summary["submissions"], added + 1);
  EXPECT_EQ(Disagreements(c, "out"), "") << e.spec << " with " << added << " fixtures";
}

INSTANTIATE_TEST_SUITE_P(Catalogue, ClassView, testing::ValuesIn(Exercises()),
                         [](const testing::TestParamInfo<Exercise>& info) {
                           std::string name = fs::path(info.param.spec).stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// A disagreement is found: the check above is not one that passes whatever the files say.
TEST(ClassViewCheck, AFigureChangedInSummaryJsonIsADisagreement) {
  ClassFolder c;
  c.Add("alice", kReference);
  c.Add("bob", kOneRecv);
  c.AddFile("carol.zip");
  Ran r = c.Batch("out", {"--lms", "canvas", "--lms", "moodle"});
  ASSERT_EQ(r.status, 1) << r.err;
  ASSERT_EQ(Disagreements(c, "out"), "");
  nlohmann::json summary = nlohmann::json::parse(c.Read("out", "summary.json"));
  summary["cases"][1]["passed"] = summary["cases"][1]["passed"].get<int>() + 1;
  std::ofstream(c.out("out") / "summary.json") << summary.dump();
  EXPECT_NE(Disagreements(c, "out").find("server-conversation: passed/failed differ"),
            std::string::npos);
}

// The textbook's one recv() per connection fails a conversation (missing_message) and a long
// line (wrong_content): one mistake, one row of the class page, with both diagnoses.
TEST(ClassViewCheck, OneRecvIsOneRowWithBothItsDiagnoses) {
  ClassFolder c;
  c.Add("bob", kOneRecv);
  c.Add("bob2", kOneRecv);
  ASSERT_EQ(c.Batch("out").status, 1);
  nlohmann::json summary = nlohmann::json::parse(c.Read("out", "summary.json"));
  nlohmann::json one_recv;
  for (const nlohmann::json& d : summary["diagnoses"])
    if (d["root_cause"] == "one_recv") {
      EXPECT_TRUE(one_recv.is_null()) << "one row: " << summary["diagnoses"].dump();
      one_recv = d;
    }
  ASSERT_FALSE(one_recv.is_null()) << summary["diagnoses"].dump();
  EXPECT_EQ(one_recv["diagnosis"], "missing_message + wrong_content");
  EXPECT_EQ(one_recv["students"], nlohmann::json({"bob", "bob2"}));
  EXPECT_EQ(one_recv["cases"], 4);
  EXPECT_NE(one_recv["example"].get<std::string>().find("One recv() per connection"),
            std::string::npos);
  EXPECT_NE(c.Read("out", "index.html").find("missing_message + wrong_content"), std::string::npos);
}

// The page links each student's report, an HTML one when the batch wrote them.
TEST(ClassViewCheck, ThePageLinksEachReportThatExists) {
  ClassFolder c;
  c.Add("alice", kReference);
  c.AddFile("carol.zip");
  ASSERT_EQ(c.Batch("out", {"--format", "html"}).status, 1);
  std::string page = c.Read("out", "index.html");
  EXPECT_NE(page.find("<a href=\"reports/alice.html\">alice</a>"), std::string::npos) << page;
  EXPECT_NE(page.find("<a href=\"reports/carol.zip.html\">carol.zip</a>"), std::string::npos);
  EXPECT_TRUE(fs::exists(c.out("out") / "reports/alice.html"));
  EXPECT_NE(page.find("layout_error"), std::string::npos) << "carol's diagnosis";
}

// One batch's OUT alone is a merge of one shard: --lms adds the LMS files of a finished batch.
TEST(ClassViewCheck, MergeOfOneBatchWritesItsLmsFiles) {
  ClassFolder c;
  c.Add("alice", kReference);
  c.AddFile("carol.zip");
  ASSERT_EQ(c.Batch("out", {"--lms", "moodle"}).status, 1);
  Ran merged = RunNetgrade({"merge", c.out("out").string(), "--out", c.out("m").string(), "--lms",
                            "moodle", "--lms", "canvas"},
                           c.Env());
  EXPECT_EQ(merged.status, 1) << merged.err;
  EXPECT_EQ(c.Read("m", "lms-moodle.csv"), c.Read("out", "lms-moodle.csv"));
  EXPECT_EQ(c.Read("m", "summary.json"), c.Read("out", "summary.json"));
  EXPECT_EQ(c.Read("m", "index.html"), c.Read("out", "index.html"));
  EXPECT_EQ(Csv(c.Read("m", "lms-canvas.csv"))[2],
            (std::vector<std::string>{"alice", "", "", "alice", "", "12"}));
  Ran wrong = RunNetgrade(
      {"merge", c.out("out").string(), "--out", c.out("w").string(), "--lms", "blackboard"},
      c.Env());
  EXPECT_EQ(wrong.status, 2) << wrong.err;
}

}  // namespace
}  // namespace netgrade::testing_cli
