#include <pugixml.hpp>
#include <sstream>

#include "harness/report/report.h"

namespace netgrade::report {

std::string Junit(const check::GradeResult& result) {
  pugi::xml_document doc;
  pugi::xml_node suite = doc.append_child("testsuite");
  int failures = 0, errors = 0;
  double total_ms = 0;
  for (const check::CaseResult& c : result.cases) {
    pugi::xml_node tc = suite.append_child("testcase");
    tc.append_attribute("classname") = (result.exercise + "." + c.role).c_str();
    tc.append_attribute("name") = c.name.c_str();
    tc.append_attribute("time") = c.wall_ms / 1000.0;
    total_ms += c.wall_ms;
    if (c.passed()) continue;
    bool error = c.verdict == check::Verdict::kGraderError;
    (error ? errors : failures)++;
    pugi::xml_node f = tc.append_child(error ? "error" : "failure");
    f.append_attribute("type") = std::string(check::CodeName(c.code)).c_str();
    f.append_attribute("message") = c.message.substr(0, c.message.find('\n')).c_str();
    f.text() = c.message.c_str();
  }
  suite.prepend_attribute("time") = total_ms / 1000.0;
  suite.prepend_attribute("errors") = errors;
  suite.prepend_attribute("failures") = failures;
  suite.prepend_attribute("tests") = static_cast<int>(result.cases.size());
  suite.prepend_attribute("name") = result.exercise.c_str();
  std::ostringstream out;
  doc.save(out, "  ");
  return out.str();
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

}  // namespace netgrade::report
