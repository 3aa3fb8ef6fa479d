#include <gtest/gtest.h>

#include <algorithm>
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
// the bytes (control bytes, invalid UTF-8, "]]>", markup), in every submission, and what they
// were must still be readable in the failure, with the transcript.
TEST(JunitReport, StaysOneWellFormedDocumentWithAnyBytes) {
  check::GradeResult r = testing_report::Sample();
  std::string hostile =
      std::string("got '\x1b[2J\0\x7f\xff\xc3(]]><!--&\x01\x08\x0b\x0c", 31) + "'";
  r.cases[1].message = hostile;
  r.cases[1].transcript = {"from student #1 " + hostile};
  r.submission = "sub\x01<dir>";
  run::GradeOutcome second{r, ""}, ungraded;
  second.result.submission = "second\xfe";
  ungraded.result.submission = "]]>";
  ungraded.layout_error = hostile;
  for (const std::string& xml : {Junit(r), JunitClass({{r, ""}, second, ungraded})}) {
    pugi::xml_document doc;
    pugi::xml_parse_result parsed = doc.load_string(xml.c_str());
    ASSERT_TRUE(parsed) << parsed.description() << "\n" << xml;
    EXPECT_EQ(std::count(xml.begin(), xml.end(), '\0'), 0);
    std::string text = doc.select_node("//failure").node().text().get();
    EXPECT_NE(text.find("\\x1b[2J\\x00\\x7f\\xff\\xc3(]]><!--&\\x01\\x08\\x0b\\x0c"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("What crossed the proxy:\n  from student #1 got '\\x1b"), std::string::npos)
        << text;
  }
}

// A suite per submission and role, "<submission> <role>", each with its own counts, and the
// totals on <testsuites>; a submission not graded is a suite with one failed case, "layout".
TEST(JunitReport, HasASuitePerSubmissionAndRole) {
  check::GradeResult r = testing_report::Sample();
  check::CaseResult client = r.cases[1];
  client.name = "client-one-line";
  client.role = "client";
  r.cases.push_back(client);
  run::GradeOutcome alice{r, ""}, bob{r, ""}, carol;
  alice.result.submission = "alice";
  bob.result.submission = "bob";
  carol.result.submission = "carol";
  carol.layout_error = "no program";
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(JunitClass({alice, bob, carol}).c_str()));
  std::vector<std::string> names;
  for (pugi::xpath_node s : doc.select_nodes("/testsuites/testsuite"))
    names.push_back(s.node().attribute("name").value());
  EXPECT_EQ(names, (std::vector<std::string>{"alice server", "alice client", "bob server",
                                             "bob client", "carol"}));
  pugi::xml_node alice_server = doc.select_node("//testsuite[@name='alice server']").node();
  EXPECT_EQ(alice_server.attribute("tests").as_int(), 2);
  EXPECT_EQ(alice_server.attribute("failures").as_int(), 1);
  EXPECT_EQ(doc.select_node("//testsuite[@name='alice client']").node().attribute("tests").as_int(),
            1);
  pugi::xml_node all = doc.child("testsuites");
  EXPECT_EQ(all.attribute("tests").as_int(), 7);
  EXPECT_EQ(all.attribute("failures").as_int(), 5);
  EXPECT_STREQ(
      doc.select_node("//testsuite[@name='carol']/testcase").node().attribute("name").value(),
      "layout");
  // One graded submission is the same document with one submission's suites.
  pugi::xml_document one;
  ASSERT_TRUE(one.load_string(Junit(alice.result).c_str()));
  EXPECT_EQ(one.select_nodes("/testsuites/testsuite").size(), 2u);
}

}  // namespace
}  // namespace netgrade::report
