#include <algorithm>
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
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double ms = 0;
};

// Puts tests, failures, errors and time before the attributes the node already has.
void SetCounts(pugi::xml_node node, const Counts& n) {
  pugi::xml_attribute name = node.attribute("name");
  node.insert_attribute_after("time", name) = n.ms / 1000.0;
  node.insert_attribute_after("skipped", name) = n.skipped;
  node.insert_attribute_after("errors", name) = n.errors;
  node.insert_attribute_after("failures", name) = n.failures;
  node.insert_attribute_after("tests", name) = n.tests;
}

// The first line of the explanation in `message` (what a CI page lists); the body has what a
// person needs to fix it: the case, the whole explanation and what crossed the proxy.
void AddFailure(pugi::xml_node testcase, const char* element, const std::string& type,
                const check::CaseResult& c) {
  pugi::xml_node f = testcase.append_child(element);
  Set(f, "type", type);
  Set(f, "message", c.message.substr(0, c.message.find('\n')));
  std::string body;
  if (!c.description.empty()) body += "The case: " + c.description + ".\n";
  body += c.message + "\n";
  body += NotesBlock(c) + ProxyBlock(c);
  f.text() = Visible(body).c_str();
}

Counts Add(Counts a, const Counts& b) {
  a.tests += b.tests;
  a.failures += b.failures;
  a.errors += b.errors;
  a.skipped += b.skipped;
  a.ms += b.ms;
  return a;
}

// A <testsuite> per role, "<submission> <role>", in the order the roles' cases come.
Counts AddSuites(pugi::xml_node all, const check::GradeResult& result) {
  std::vector<std::string> roles;
  for (const check::CaseResult& c : result.cases)
    if (std::find(roles.begin(), roles.end(), c.role) == roles.end()) roles.push_back(c.role);
  Counts total;
  for (const std::string& role : roles) {
    pugi::xml_node suite = all.append_child("testsuite");
    Set(suite, "name", result.submission + " " + role);
    Counts n;
    for (const check::CaseResult& c : result.cases) {
      if (c.role != role) continue;
      pugi::xml_node tc = suite.append_child("testcase");
      Set(tc, "classname", result.exercise + "." + c.role);
      Set(tc, "name", c.name);
      tc.append_attribute("time") = c.wall_ms / 1000.0;
      ++n.tests;
      n.ms += c.wall_ms;
      if (c.passed()) continue;
      if (c.not_run()) {  // JUnit's <skipped>, with why and the remedy
        ++n.skipped;
        Set(tc.append_child("skipped"), "message", c.message);
        continue;
      }
      bool error = c.verdict == check::Verdict::kGraderError;
      if (!error && !c.graded()) {  // informs, fails nothing: its explanation as output
        tc.append_child("system-out").text() =
            Visible("Not graded (0 points); it failed [" + std::string(check::CodeName(c.code)) +
                    "]: " + c.message + "\n")
                .c_str();
        continue;
      }
      (error ? n.errors : n.failures)++;
      AddFailure(tc, error ? "error" : "failure", std::string(check::CodeName(c.code)), c);
    }
    SetCounts(suite, n);
    total = Add(total, n);
  }
  return total;
}

// A submission that could not be graded is a suite of its own with one failed test case,
// "layout", with its error.
Counts AddLayoutError(pugi::xml_node all, const run::GradeOutcome& outcome) {
  pugi::xml_node suite = all.append_child("testsuite");
  Set(suite, "name", outcome.result.submission);
  pugi::xml_node tc = suite.append_child("testcase");
  Set(tc, "classname", outcome.result.exercise);
  tc.append_attribute("name") = "layout";
  tc.append_attribute("time") = 0.0;
  check::CaseResult error;
  error.message = outcome.layout_error;
  AddFailure(tc, "failure", "layout_error", error);
  Counts n{1, 1, 0, 0};
  SetCounts(suite, n);
  return n;
}

std::string Save(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace

std::string Junit(const check::GradeResult& result) {
  return JunitClass({run::GradeOutcome{result, ""}});
}

// One document whatever happened: CI systems read one file.
std::string JunitClass(const std::vector<run::GradeOutcome>& outcomes) {
  pugi::xml_document doc;
  pugi::xml_node all = doc.append_child("testsuites");
  Set(all, "name", outcomes.empty() ? std::string() : outcomes[0].result.exercise);
  Counts total;
  for (const run::GradeOutcome& o : outcomes)
    total = Add(total, o.layout_error.empty() ? AddSuites(all, o.result) : AddLayoutError(all, o));
  SetCounts(all, total);
  return Save(doc);
}

}  // namespace netgrade::report
