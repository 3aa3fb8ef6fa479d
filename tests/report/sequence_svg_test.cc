#include "harness/report/sequence_svg.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <string>

namespace netgrade::report {
namespace {

check::TranscriptEvent Ev(double t_ms, const char* direction, int index, const std::string& text,
                          const char* action, const std::string& words = "") {
  return {t_ms, direction, index, text.size(), text, action, words.empty() ? action : words};
}

check::CaseResult UdpClientCase() {
  check::CaseResult c;
  c.name = "client-first-datagram-dropped";
  c.role = "client";
  c.program = "client.py";
  c.fault_plan = "fault plan (seed 1): from the student: drops #1";
  c.verdict = check::Verdict::kFail;
  c.events = {Ev(45.7, "from_student", 1, "first line", "dropped", "dropped (plan: #1)"),
              Ev(1047.0, "from_student", 2, "second line", "passed"),
              Ev(1047.3, "to_student", 1, "SECOND LINE", "passed")};
  return c;
}

// The SVG is XML: parsed, it is what a browser puts in its DOM.
pugi::xml_document Parse(const std::string& svg) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_string(svg.c_str());
  EXPECT_TRUE(parsed) << parsed.description() << "\n" << svg;
  return doc;
}

pugi::xpath_node_set Events(const pugi::xml_document& doc) {
  return doc.select_nodes("//g[starts-with(@class, 'event ')]");
}

// The y at which an event's arrow starts: rows go down as time goes on.
double ArrowY(pugi::xml_node event) {
  return event.select_node(".//line[@class='leg']").node().attribute("y1").as_double();
}

TEST(SequenceSvg, DrawsOneArrowPerEventInTimeOrder) {
  check::CaseResult c = UdpClientCase();
  std::swap(c.events[0], c.events[2]);  // recorded out of order: drawn by time all the same
  pugi::xml_document doc = Parse(SequenceSvg(c));
  pugi::xpath_node_set events = Events(doc);
  ASSERT_EQ(events.size(), 3u);
  double last_t = -1, last_y = -1;
  for (pugi::xpath_node e : events) {
    EXPECT_EQ(e.node().select_nodes(".//g[@class='arrow']").size(), 1u);
    double t = e.node().attribute("data-t-ms").as_double();
    EXPECT_GT(t, last_t);
    EXPECT_GT(ArrowY(e.node()), last_y);
    last_t = t;
    last_y = ArrowY(e.node());
  }
  EXPECT_STREQ(events[0].node().attribute("class").value(), "event dropped");
  EXPECT_STREQ(events[2].node().attribute("data-direction").value(), "to_student");
  EXPECT_EQ(doc.select_nodes("//g[starts-with(@class, 'lifeline ')]").size(), 3u);
}

// An ICMP case's events come from its wire: the lifelines are the wire and the routers.
TEST(SequenceSvg, AnIcmpCaseIsDrawnBetweenTheProgramTheWireAndTheRouters) {
  check::CaseResult c = UdpClientCase();
  c.events_from = "wire";
  c.crossed = "the wire (ICMP)";
  c.peer_names = "routers, destination";
  std::string svg = SequenceSvg(c);
  Parse(svg);
  EXPECT_NE(svg.find("wire (netgrade)"), std::string::npos);
  EXPECT_NE(svg.find("routers, destination"), std::string::npos);
  EXPECT_EQ(svg.find("proxy (netgrade)"), std::string::npos);
  EXPECT_NE(SequenceSvg(UdpClientCase()).find("proxy (netgrade)"), std::string::npos);
}

// A dropped datagram stops at the proxy with an X there, and has no arrow head; the one that
// passed goes on to the reference peer.
TEST(SequenceSvg, EndsADroppedMessageInAnXAtTheProxy) {
  pugi::xml_document doc = Parse(SequenceSvg(UdpClientCase()));
  pugi::xpath_node_set events = Events(doc);
  double proxy_x =
      doc.select_node("//g[@class='lifeline proxy']/line").node().attribute("x1").as_double();
  double peer_x =
      doc.select_node("//g[@class='lifeline peer']/line").node().attribute("x1").as_double();
  pugi::xml_node dropped = events[0].node();
  ASSERT_TRUE(dropped.select_node(".//g[@class='drop-mark']"));
  EXPECT_FALSE(dropped.select_node(".//polygon[@class='head']"));
  EXPECT_DOUBLE_EQ(dropped.select_node(".//line[@class='leg']").node().attribute("x2").as_double(),
                   proxy_x);
  pugi::xml_node passed = events[1].node();
  EXPECT_FALSE(passed.select_node(".//g[@class='drop-mark']"));
  ASSERT_TRUE(passed.select_node(".//polygon[@class='head']"));
  std::string head =
      passed.select_node(".//polygon[@class='head']").node().attribute("points").value();
  EXPECT_DOUBLE_EQ(std::stod(head.substr(0, head.find(','))), peer_x) << head;
  EXPECT_NE(std::string(dropped.select_node(".//text[@class='label']").node().text().get())
                .find("'first line' \u00b7 10 B"),
            std::string::npos);
}

// Each thing a fault plan does has a mark of its own (the legend shows them all).
TEST(SequenceSvg, MarksEachFaultDistinctly) {
  const std::pair<check::TranscriptEvent, const char*> kinds[] = {
      {Ev(1, "from_student", 1, "a", "duplicated"), "duplicate-mark"},
      {Ev(2, "from_student", 2, "b", "held", "held back until the next one has passed"),
       "hold-mark"},
      {Ev(3, "from_student", 2, "b", "released", "released after #3"), "release-mark"},
      {Ev(4, "to_student", 1, "c", "passed", "passed, delayed 300 ms"), "delay-mark"},
      {Ev(5, "to_student", 2, "d", "reset", "not passed: the connection was reset after 0 B"),
       "reset-mark"},
      {Ev(6, "to_student", 3, "e", "not_forwarded"), "not-forwarded-mark"},
      {Ev(7, "to_student", 4, "f", "dropped"), "drop-mark"},
  };
  const char* marks[] = {"duplicate-mark", "hold-mark",          "release-mark", "delay-mark",
                         "reset-mark",     "not-forwarded-mark", "drop-mark"};
  for (const auto& [event, mark] : kinds) {
    check::CaseResult c = UdpClientCase();
    c.events = {event};
    pugi::xml_document doc = Parse(SequenceSvg(c));
    for (const char* other : marks)
      EXPECT_EQ(doc.select_nodes((std::string(".//*[@class='") + other + "']").c_str()).size(),
                std::string(other) == mark ? 1u : 0u)
          << event.action << " " << event.words << ": " << other;
  }
  pugi::xml_document legend = Parse(SequenceLegendSvg());
  for (const char* mark : marks)
    EXPECT_TRUE(legend.select_node((std::string("//*[@class='") + mark + "']").c_str())) << mark;
}

// What a student sends is text in the diagram, never markup; a long one is cut; bytes that
// are not UTF-8 are shown as escapes.
TEST(SequenceSvg, KeepsHostileTextAsText) {
  check::CaseResult c = UdpClientCase();
  std::string hostile = "</svg><script>alert(1)</script>&\"'\xff\x1b";
  c.program = hostile;
  c.events[1].text = hostile;
  c.events[2].text = std::string(10000, 'x');
  c.events[2].size = 10000;
  std::string svg = SequenceSvg(c);
  EXPECT_EQ(svg.find("<script"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("</svg>"), svg.size() - 6) << "one svg, closed once, at the end";
  EXPECT_EQ(svg.find('\x1b'), std::string::npos);
  EXPECT_EQ(svg.find('\xff'), std::string::npos);
  pugi::xml_document doc = Parse(svg);
  EXPECT_FALSE(doc.select_node("//script"));
  pugi::xpath_node_set labels = doc.select_nodes("//text[@class='label']");
  ASSERT_EQ(labels.size(), 3u);
  std::string label = labels[1].node().text().get();
  EXPECT_NE(label.find("</svg><script>alert(1)"), std::string::npos) << label;
  std::string student = doc.select_node("//g[@class='lifeline student']/text").node().text().get();
  EXPECT_EQ(student.rfind("</svg><script>", 0), 0u) << student;
  std::string long_label = labels[2].node().text().get();
  EXPECT_LT(long_label.size(), 60u) << long_label;
  EXPECT_NE(long_label.find("...' \u00b7 10000 B"), std::string::npos) << long_label;
  EXPECT_EQ(Markup("a\xff\x1b<b>", 100), "a\\xff\\x1b&lt;b&gt;");
}

// A case without a proxy draws the two programs and says nothing was recorded; a proxy that
// saw nothing says so; a flood is drawn up to a bound, then counted.
TEST(SequenceSvg, SaysWhenThereIsNothingToDrawAndBoundsAFlood) {
  check::CaseResult c = UdpClientCase();
  c.events.clear();
  c.fault_plan.clear();
  pugi::xml_document direct = Parse(SequenceSvg(c));
  EXPECT_EQ(direct.select_nodes("//g[starts-with(@class, 'lifeline ')]").size(), 2u);
  EXPECT_NE(std::string(direct.select_node("//text[@class='note']").node().text().get())
                .find("without a proxy"),
            std::string::npos);
  c.fault_plan = "fault plan (seed 1): none";
  pugi::xml_document quiet = Parse(SequenceSvg(c));
  EXPECT_EQ(quiet.select_nodes("//g[starts-with(@class, 'lifeline ')]").size(), 3u);
  EXPECT_STREQ(quiet.select_node("//text[@class='note']").node().text().get(),
               "Nothing crossed the proxy.");
  for (int i = 0; i < 500; ++i) c.events.push_back(Ev(i, "from_student", i + 1, "x", "passed"));
  pugi::xml_document flood = Parse(SequenceSvg(c));
  EXPECT_EQ(Events(flood).size(), kMaxDrawnEvents);
  EXPECT_NE(std::string(flood.select_node("//text[@class='note']").node().text().get())
                .find(std::to_string(500 - kMaxDrawnEvents) + " more"),
            std::string::npos);
}

// A failing TCP server case graded without a proxy: drawn from the reference client's record,
// two lifelines and arrows straight across, the connection's start and end in words.
TEST(SequenceSvg, DrawsAPeersOwnRecordWithoutAProxy) {
  check::CaseResult c;
  c.role = "server";
  c.program = "server.py";
  c.verdict = check::Verdict::kFail;
  c.events_from = "peer";
  c.events = {Ev(0, "to_student", 1, "", "connect", "connects to it"),
              Ev(0.1, "to_student", 2, "hello\n", "passed"),
              Ev(2.5, "from_student", 1, "HELLO\n", "passed"),
              Ev(2.6, "from_student", 2, "", "close", "closes the connection")};
  pugi::xml_document doc = Parse(SequenceSvg(c));
  EXPECT_EQ(doc.select_nodes("//g[starts-with(@class, 'lifeline ')]").size(), 2u);
  EXPECT_TRUE(doc.select_nodes("//g[@class='lifeline proxy']").empty());
  pugi::xpath_node_set events = Events(doc);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_STREQ(events[0].node().attribute("class").value(), "event connect");
  // An answer goes from the student's lifeline to the peer's, across the whole width.
  pugi::xml_node answer = events[2].node().select_node(".//line[@class='leg']").node();
  EXPECT_LT(answer.attribute("x1").as_double(), answer.attribute("x2").as_double());
  std::string labels;
  for (pugi::xpath_node t : doc.select_nodes("//text[@class='label']"))
    labels += std::string(t.node().text().get()) + "|";
  EXPECT_EQ(labels, "connects to it|'hello\\n' · 6 B|'HELLO\\n' · 6 B|closes the connection|");
  EXPECT_EQ(std::string(doc.child("svg").attribute("aria-label").value()),
            "Messages between server.py and the reference client");
  // A record with nothing in it says so.
  c.events.clear();
  pugi::xml_document empty = Parse(SequenceSvg(c));
  EXPECT_NE(std::string(empty.select_node("//text[@class='note']").node().text().get())
                .find("Nothing passed between them: the reference client saw no connection"),
            std::string::npos);
}

// A lab that names its script's connections (a web proxy's browser and origin) has its side
// called by those names, not "reference peer" nor a role.
TEST(SequenceSvg, NetgradesSideIsCalledByTheLabsNames) {
  check::CaseResult c;
  c.role = "proxy";
  c.program = "proxy.py";
  c.verdict = check::Verdict::kFail;
  c.events_from = "peer";
  c.peer_names = "browser and origin";
  c.events = {Ev(0, "to_student", 1, "", "connect", "connects to it")};
  pugi::xml_document doc = Parse(SequenceSvg(c));
  EXPECT_EQ(std::string(doc.child("svg").attribute("aria-label").value()),
            "Messages between proxy.py and the browser and origin");
  c.peer_names.clear();
  EXPECT_EQ(std::string(Parse(SequenceSvg(c)).child("svg").attribute("aria-label").value()),
            "Messages between proxy.py and the reference peer");
}

TEST(PeerName, IsTheOtherSideOfTheRole) {
  EXPECT_EQ(PeerName("client"), "reference server");
  EXPECT_EQ(PeerName("server"), "reference client");
  EXPECT_EQ(PeerName("sender"), "reference receiver");
  EXPECT_EQ(PeerName("receiver"), "reference sender");
  EXPECT_EQ(PeerName("relay"), "reference peer");
}

}  // namespace
}  // namespace netgrade::report
