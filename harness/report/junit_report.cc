#include <pugixml.hpp>
#include <sstream>

#include "harness/base/text.h"
#include "harness/report/report.h"

namespace netgrade::report {
namespace {

// Sets an attribute to text that may come from a student: XML 1.0 has no way to write a
// control character or invalid UTF-8, so they are shown as escapes (see Visible()).
void Set(pugi::xml_node node, const char* name, const std::string& text) {
  node.append_attribute(name) = Visible(text).c_str();
}

struct Counts {
  int tests = 0, failures = 0, errors = 0;
  double ms = 0;
};

// Puts tests, failures, errors and time before the attributes the node already has.
void SetCounts(pugi::xml_node node, const Counts& n) {
  pugi::xml_attribute name = node.attribute("name");
  node.insert_attribute_after("time", name) = n.ms / 1000.0;
  node.insert_attribute_after("errors", name) = n.errors;
  node.insert_attribute_after("failures", name) = n.failures;
  node.insert_attribute_after("tests", name) = n.tests;
}

void AddFailure(pugi::xml_node testcase, const char* element, const std::string& type,
                const std::string& message) {
  pugi::xml_node f = testcase.append_child(element);
  Set(f, "type", type);
  Set(f, "message", message.substr(0, message.find('\n')));
  f.text() = Visible(message).c_str();
}

Counts AddCases(pugi::xml_node suite, const check::GradeResult& result) {
  Counts n;
  for (const check::CaseResult& c : result.cases) {
    pugi::xml_node tc = suite.append_child("testcase");
    Set(tc, "classname", result.exercise + "." + c.role);
    Set(tc, "name", c.name);
    tc.append_attribute("time") = c.wall_ms / 1000.0;
    ++n.tests;
    n.ms += c.wall_ms;
    if (c.passed()) continue;
    bool error = c.verdict == check::Verdict::kGraderError;
    (error ? n.errors : n.failures)++;
    AddFailure(tc, error ? "error" : "failure", std::string(check::CodeName(c.code)), c.message);
  }
  return n;
}

// A submission that could not be graded is one failed test case, "layout", with its error.
Counts AddLayoutError(pugi::xml_node suite, const run::GradeOutcome& outcome) {
  pugi::xml_node tc = suite.append_child("testcase");
  Set(tc, "classname", outcome.result.exercise);
  tc.append_attribute("name") = "layout";
  tc.append_attribute("time") = 0.0;
  AddFailure(tc, "failure", "layout_error", outcome.layout_error);
  return {1, 1, 0, 0};
}

std::string Save(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace

std::string Junit(const check::GradeResult& result) {
  pugi::xml_document doc;
  pugi::xml_node suite = doc.append_child("testsuite");
  Set(suite, "name", result.exercise);
  SetCounts(suite, AddCases(suite, result));
  return Save(doc);
}

std::string JunitClass(const std::vector<run::GradeOutcome>& outcomes) {
  pugi::xml_document doc;
  pugi::xml_node all = doc.append_child("testsuites");
  Set(all, "name", outcomes.empty() ? std::string() : outcomes[0].result.exercise);
  Counts total;
  for (const run::GradeOutcome& o : outcomes) {
    pugi::xml_node suite = all.append_child("testsuite");
    Set(suite, "name", o.result.submission);
    Counts n = o.layout_error.empty() ? AddCases(suite, o.result) : AddLayoutError(suite, o);
    SetCounts(suite, n);
    total.tests += n.tests;
    total.failures += n.failures;
    total.errors += n.errors;
    total.ms += n.ms;
  }
  SetCounts(all, total);
  return Save(doc);
}

std::string Write(const check::GradeResult& result, Format format) {
  switch (format) {
    case Format::kText:
      return Text(result);
    case Format::kJson:
      return Json(result);
    case Format::kJunit:
      return Junit(result);
  }
  return Text(result);
}

std::string WriteClass(const std::vector<run::GradeOutcome>& outcomes, Format format,
                       bool verbose) {
  switch (format) {
    case Format::kText:
      return TextClass(outcomes, verbose);
    case Format::kJson:
      return JsonClass(outcomes);
    case Format::kJunit:
      return JunitClass(outcomes);
  }
  return TextClass(outcomes, verbose);
}

}  // namespace netgrade::report
