#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <string>

#include "harness/report/report.h"
#include "tests/report/sample_result.h"

namespace netgrade::report {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The sample with a UDP client case whose first datagram the proxy dropped.
check::GradeResult WithDrop() {
  check::GradeResult r = testing_report::Sample();
  check::CaseResult& c = r.cases[1];
  c.program = "client.py";
  c.role = "client";
  c.fault_plan = "fault plan (seed 7): from the student: drops #1";
  c.events = {{45.7, "from_student", 1, 10, "first line", "dropped", "dropped (plan: #1)"},
              {1047.0, "from_student", 2, 11, "second line", "passed", "passed"}};
  return r;
}

// The section of one case, by its anchor, up to the next section.
std::string Section(const std::string& html, const std::string& id) {
  size_t at = html.find("id=\"" + id + "\"");
  EXPECT_NE(at, std::string::npos) << id;
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</section>", at) - at);
}

// One page that opens in a browser with nothing else: no script, nothing fetched from
// anywhere (no src, no URL, links only within the page).
TEST(HtmlReport, IsOneSelfContainedPage) {
  std::string html = Html(WithDrop());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(Count(html, "<html"), 1u);
  EXPECT_EQ(Count(html, "</html>"), 1u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("<h1>tcp-capitalize</h1>"), std::string::npos) << html;
  EXPECT_NE(html.find("<code>sub</code>"), std::string::npos);
  EXPECT_NE(html.find("Score: 1/3 &#8212; 1 of 2 cases failed."), std::string::npos);
  EXPECT_EQ(Count(html, "<svg class=\"legend\""), 1u);
}

// A failed case: its mark, the diagnosis, and beside it the diagram (which parses as XML) with
// its arrows; a passing one keeps its diagram folded away.
TEST(HtmlReport, PutsTheDiagnosisBesideTheDiagramOfAFailedCase) {
  std::string html = Html(WithDrop());
  std::string failed = Section(html, "case-server-conversation");
  EXPECT_NE(failed.find("class=\"case failed\""), std::string::npos) << failed;
  EXPECT_NE(failed.find("&#10007; failed"), std::string::npos);
  EXPECT_NE(failed.find("[echo]"), std::string::npos);
  EXPECT_NE(failed.find("<div class=\"diagnosis\"><pre>This looks like an echo.\nSecond line."),
            std::string::npos)
      << failed;
  EXPECT_NE(failed.find("fault plan (seed 7): from the student: drops #1"), std::string::npos);
  size_t svg_at = failed.find("<svg class=\"sequence\"");
  ASSERT_NE(svg_at, std::string::npos) << failed;
  EXPECT_GT(svg_at, failed.find("class=\"diagnosis\""));
  std::string svg = failed.substr(svg_at, failed.find("</svg>") + 6 - svg_at);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str())) << svg;
  EXPECT_EQ(doc.select_nodes("//g[starts-with(@class, 'event ')]").size(), 2u);
  EXPECT_TRUE(doc.select_node("//g[@class='drop-mark']"));
  EXPECT_STREQ(doc.select_node("//g[@class='lifeline student']/text").node().text().get(),
               "client.py");
  EXPECT_STREQ(doc.select_node("//g[@class='lifeline peer']/text").node().text().get(),
               "reference server");
  std::string passed = Section(html, "case-server-one-line");
  EXPECT_NE(passed.find("class=\"case passed\""), std::string::npos) << passed;
  EXPECT_EQ(passed.find("class=\"diagnosis\""), std::string::npos);
  EXPECT_EQ(passed.find("<details>"), std::string::npos) << "it ran without a proxy";
  check::GradeResult with_proxy = WithDrop();
  with_proxy.cases[0].program = "client.py";
  with_proxy.cases[0].fault_plan = "fault plan (seed 7): none";
  with_proxy.cases[0].events = {{3.5, "from_student", 1, 3, "abc", "passed", "passed"}};
  passed = Section(Html(with_proxy), "case-server-one-line");
  EXPECT_NE(passed.find("<details><summary>What crossed the proxy</summary>"), std::string::npos)
      << passed;
  EXPECT_NE(passed.find("<svg class=\"sequence\""), std::string::npos);
}

// What a student controls (the folder's name, the program's name, what it sent and printed)
// stays text: a "</svg><script>" never becomes an element.
TEST(HtmlReport, EscapesEverythingAStudentWroteOrSent) {
  check::GradeResult r = WithDrop();
  std::string hostile = "</svg></pre><script>alert(1)</script><img src=x onerror=y>\xff\x1b";
  r.submission = hostile;
  r.cases[1].program = hostile;
  r.cases[1].message = "got " + hostile;
  r.cases[1].events[1].text = hostile;
  run::GradeOutcome ungraded{r, hostile};
  for (const std::string& html : {Html(r), HtmlClass({{r, ""}, ungraded})}) {
    EXPECT_EQ(html.find("<script"), std::string::npos) << html;
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find('\x1b'), std::string::npos);
    EXPECT_EQ(html.find('\xff'), std::string::npos);
    EXPECT_NE(html.find("got &lt;/svg&gt;&lt;/pre&gt;&lt;script&gt;alert(1)"), std::string::npos)
        << html;
    EXPECT_NE(html.find("\\xff\\x1b"), std::string::npos);
    // Every <svg> the page opens is one of its own, closed once.
    EXPECT_EQ(Count(html, "<svg "), Count(html, "</svg>"));
  }
}

// A case the spec hides shows its name, mark and points, and nothing of why: no diagnosis,
// no diagram, none of what crossed.
TEST(HtmlReport, ShowsNothingOfAHiddenCase) {
  check::GradeResult r = WithDrop();
  r.cases[1].visibility = spec::Visibility::kAfterDueDate;
  r.cases[1].message = "SECRET-DIAGNOSIS";
  r.cases[1].description = "SECRET-DESCRIPTION";
  r.cases[1].events[1].text = "SECRET-TEXT";
  std::string html = Html(r);
  std::string hidden = Section(html, "case-server-conversation");
  EXPECT_NE(hidden.find("(details hidden until after the due date)"), std::string::npos) << hidden;
  EXPECT_NE(hidden.find("&#10007; failed"), std::string::npos);
  EXPECT_NE(hidden.find("0/2"), std::string::npos);
  EXPECT_EQ(html.find("SECRET"), std::string::npos) << html;
  EXPECT_EQ(hidden.find("<svg"), std::string::npos);
  EXPECT_EQ(hidden.find("[echo]"), std::string::npos);
}

// A note (a busy loop) shows on a passing case too, escaped like everything else.
TEST(HtmlReport, ShowsACasesNotesEvenWhenItPassed) {
  check::GradeResult r = WithDrop();
  r.cases[0].notes = {"<b>server.py</b> kept 100% of a CPU busy"};
  std::string section = Section(Html(r), "case-" + r.cases[0].name);
  EXPECT_NE(section.find("Note: &lt;b&gt;server.py&lt;/b&gt; kept 100% of a CPU busy"),
            std::string::npos)
      << section;
}

// A class: a table of scores, then a section per submission, one not graded with its error.
TEST(HtmlReport, HasASectionPerSubmissionOfAClass) {
  run::GradeOutcome alice{WithDrop(), ""}, bob{WithDrop(), ""}, carol;
  alice.result.submission = "alice";
  bob.result.submission = "bob";
  carol.result.submission = "carol";
  carol.result.exercise = "tcp-capitalize";
  carol.layout_error = "There is no program for the role 'server'.";
  std::string html = HtmlClass({alice, bob, carol});
  EXPECT_EQ(Count(html, "class=\"submission\""), 3u);
  EXPECT_NE(html.find("<h1>tcp-capitalize &#8212; 3 submissions</h1>"), std::string::npos);
  EXPECT_NE(html.find("<td><a href=\"#submission-3\">carol</a></td><td>layout error</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(Section(html, "submission-3").find("There is no program for the role"),
            std::string::npos);
  // Case anchors are unique across submissions.
  EXPECT_EQ(Count(html, "id=\"submission-1-server-conversation\""), 1u);
  EXPECT_EQ(Count(html, "id=\"submission-2-server-conversation\""), 1u);
  EXPECT_EQ(WriteClass({alice, bob, carol}, Format::kHtml), html);
  EXPECT_EQ(Write(alice.result, Format::kHtml), Html(alice.result));
  EXPECT_NE(HtmlClass({carol}).find("<h1>tcp-capitalize &#8212; 1 submission</h1>"),
            std::string::npos);
  // One submission (a layout error's report in a batch) has no table of one score.
  EXPECT_EQ(HtmlClass({carol}).find("<table"), std::string::npos);
  EXPECT_NE(HtmlClass({carol}).find("Not graded: the submission's layout is wrong."),
            std::string::npos);
}

// Everything the text report says of a failed case is on the page too: the cause first, then
// sent, expected and received with the caret under the first difference (in a monospaced
// block, so the caret stays under its column), the case, and the command that reruns it.
TEST(HtmlReport, CarriesWhatTheTextReportSaysOfAFailedCase) {
  check::GradeResult r = testing_report::Sample();
  r.submission = "Anna's work";
  check::CaseResult& c = r.cases[1];
  c.message = "Your server answered 'hello'. This looks like an echo.";
  c.description = "one line, answered in capitals";
  c.difference = check::Difference{"hello", "HELLO", "hello"};
  std::string html = Html(r);
  std::string section = Section(html, "case-server-conversation");
  size_t cause = section.find("Your server answered &#39;hello&#39;. This looks like an echo.");
  size_t sent = section.find(
      "<pre class=\"difference\">sent:     &#39;hello&#39;\n"
      "expected: &#39;HELLO&#39;\nreceived: &#39;hello&#39;\n"
      "           ^ first difference\n</pre>");
  size_t rerun = section.find(
      "Rerun it: <code>netgrade check specs/tcp-capitalize.yaml --submission "
      "&#39;Anna&#39;\\&#39;&#39;s work&#39; --case server-conversation --seed 7</code>");
  EXPECT_NE(section.find("The case: one line, answered in capitals."), std::string::npos);
  ASSERT_NE(cause, std::string::npos) << section;
  ASSERT_NE(sent, std::string::npos) << section;
  ASSERT_NE(rerun, std::string::npos) << section;
  EXPECT_LT(cause, sent);
  EXPECT_LT(sent, rerun);
  for (const char* word : {"sent:", "expected:", "received:", "Rerun it:", "The case:"})
    EXPECT_NE(Text(r).find(word), std::string::npos) << "the text report says " << word;
}

// A program missing fails every case of its role with the same words: said once, then each
// other case points back to the first; the same for a note.
TEST(HtmlReport, SaysARepeatedExplanationOnce) {
  check::GradeResult r = testing_report::Sample();
  check::CaseResult missing = r.cases[1];
  missing.code = check::Code::kMissingProgram;
  missing.message = "There is no program for the role 'client'.";
  missing.notes = {"a note"};
  r.cases = {};
  for (const char* name : {"client-one", "client-two", "client-three", "client-four"}) {
    missing.name = name;
    r.cases.push_back(missing);
  }
  std::string html = Html(r);
  EXPECT_EQ(Count(html, "There is no program for the role"), 1u) << html;
  EXPECT_EQ(Count(html, "Note: a note"), 1u);
  EXPECT_NE(Section(html, "case-client-four")
                .find("The same as <a href=\"#case-client-one\">client-one</a> above."),
            std::string::npos)
      << html;
  // Each case still has its own rerun command.
  EXPECT_EQ(Count(html, "Rerun it:"), 4u);
}

// Two cases whose wrong-port advice differs only by the case's own port, as its maker marked
// it (CaseResult::without_case_port): said once, the second "with this case's port".
TEST(HtmlReport, SaysTheWrongPortAdviceOnceWithThisCasesPort) {
  check::GradeResult r = testing_report::Sample();
  check::CaseResult wrong = r.cases[1];
  wrong.code = check::Code::kWrongPort;
  r.cases = {};
  for (const char* port : {"40001", "40002"}) {
    wrong.name = std::string("server-") + port;
    wrong.message = std::string("server.py listens on port 12000, not ") + port + ".";
    wrong.without_case_port = "server.py listens on port 12000, not {port}.";
    r.cases.push_back(wrong);
  }
  std::string html = Html(r);
  EXPECT_EQ(Count(html, "listens on port 12000"), 1u) << html;
  EXPECT_NE(Section(html, "case-server-40002")
                .find("The same as <a href=\"#case-server-40001\">server-40001</a> above (with "
                      "this case's port)."),
            std::string::npos)
      << html;
}

// A case that ran without netgrade's proxy has nothing to draw: no diagram, and a page none of
// whose cases has one has no legend of the marks either.
TEST(HtmlReport, DrawsNoDiagramAndNoLegendForCasesWithoutAProxy) {
  check::GradeResult r = testing_report::Sample();
  r.cases[0].program = r.cases[1].program = "server.py";
  std::string html = Html(r);
  EXPECT_EQ(html.find("<svg"), std::string::npos) << html;
  EXPECT_EQ(html.find("<section class=\"legend-box\""), std::string::npos);
  // With a proxy in one case: its diagram and the legend, and still none for the other.
  std::string drawn = Html(WithDrop());
  EXPECT_EQ(Count(drawn, "<svg class=\"sequence\""), 1u) << drawn;
  EXPECT_EQ(Count(drawn, "<section class=\"legend-box\""), 1u);
  EXPECT_EQ(Section(drawn, "case-server-one-line").find("<svg"), std::string::npos);
}

}  // namespace
}  // namespace netgrade::report

namespace netgrade::report {
namespace {

TEST(HtmlReport, LinksACasesCaptureOrSaysWhyThereIsNone) {
  check::GradeResult r = WithDrop();
  // A path as `check --pcap` gives it (absolute, with what a URL must encode), and one as a
  // batch's result names it, from OUT, while the page is in OUT/reports/.
  r.cases[0].capture = check::Capture{"/tmp/my pcap/\"x\".pcapng", 9, 0, 0, ""};
  r.cases[1].capture = check::Capture{"captures/bob/server-conversation.pcapng", 12, 0, 1, ""};
  std::string html = Html(r);
  EXPECT_NE(
      Section(html, "case-server-one-line").find("<a href=\"/tmp/my%20pcap/%22x%22.pcapng\">"),
      std::string::npos)
      << Section(html, "case-server-one-line");
  EXPECT_NE(Section(html, "case-server-conversation")
                .find("<a href=\"../captures/bob/server-conversation.pcapng\">"
                      "server-conversation.pcapng</a> (12 packets, 1 of them "
                      "with what the fault plan did; Wireshark opens it)"),
            std::string::npos)
      << Section(html, "case-server-conversation");
  r.cases[1].capture = check::Capture{"", 0, 0, 0, "the case ran on this machine's own network"};
  EXPECT_NE(
      Html(r).find("No capture of its packets: the case ran on this machine&#39;s own network."),
      std::string::npos);
}

}  // namespace
}  // namespace netgrade::report
