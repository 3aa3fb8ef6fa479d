#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "harness/report/report.h"
#include "tests/report/sample_result.h"

namespace netgrade::report {
namespace {

// Parsed as a CI system parses it: counts, one testcase per case, the failure with its type
// and the diagnosis in it.
TEST(JunitReport, IsParsedIntoCasesAndFailures) {
  std::string xml = Junit(testing_report::Sample());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
  pugi::xml_node suite = doc.select_node("//testsuite").node();
  ASSERT_TRUE(suite) << xml;
  EXPECT_EQ(suite.attribute("tests").as_int(), 2);
  EXPECT_EQ(suite.attribute("failures").as_int(), 1);
  pugi::xpath_node_set cases = doc.select_nodes("//testcase");
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_FALSE(cases[0].node().child("failure"));
  pugi::xml_node failure = cases[1].node().child("failure");
  ASSERT_TRUE(failure) << xml;
  EXPECT_STREQ(failure.attribute("type").value(), "echo");
  EXPECT_NE(std::string(failure.text().get()).find("This looks like an echo."), std::string::npos)
      << xml;
}

// What a student prints reaches the XML: it must stay one well-formed document whatever
// the bytes, and what they were must still be readable.
TEST(JunitReport, StaysWellFormedWithAnyBytes) {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].message = std::string("got '\x1b[2J\0\x7f\xff]]><!--&", 21) + "'";
  r.submission = "sub\x01<dir>";
  std::string xml = Junit(r);
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_string(xml.c_str());
  ASSERT_TRUE(parsed) << parsed.description() << "\n" << xml;
  std::string text = doc.select_node("//failure").node().text().get();
  EXPECT_NE(text.find("\\x1b[2J\\x00\\x7f\\xff]]><!--&"), std::string::npos) << text;
}

}  // namespace
}  // namespace netgrade::report
