// `netgrade explain` in words a spec author can check: accepted program names and the port,
// a reply template spelled out, every expected item, and no send mode where it means nothing.
#include "harness/report/explain.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"

namespace netgrade::report {
namespace {

spec::Spec Load(const std::string& yaml) {
  spec::LoadResult r = spec::LoadSpecString(yaml, "inline.yaml");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].ToString());
  return r.ok() ? *r.spec : spec::Spec{};
}

TEST(Explain, ATextbookRoleShowsEveryAcceptedNameAndTheFixedPort) {
  spec::LoadResult r =
      spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize-textbook.yaml");
  ASSERT_TRUE(r.ok());
  std::string text = Explain(*r.spec);
  EXPECT_NE(text.find("the program server, TCPServer, tcpServer, TCPserver or tcp_server"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("port 12000, written in the program"), std::string::npos) << text;
  EXPECT_EQ(text.find("(or .py)"), std::string::npos) << text;
}

// The build step is said once, before the roles; a spec without one says nothing of it.
// A file's expected text is shown escaped, as every other text: its CR LF breaks no line of
// the explanation.
TEST(Explain, AnExpectedFilesTextIsEscaped) {
  spec::Spec s = Load(R"(exercise: x
protocol: tcp
roles: {fetch: {listens: false, argv: ["{host}", "{port}"]}}
cases:
  - name: one
    role: fetch
    peer: {reply: "{upper}"}
    expect:
      files: [{path: answer1, text: "HTTP/1.0 200 OK\r\n\r\nhi\n"}]
)");
  std::string text = Explain(s);
  EXPECT_NE(text.find("holding 'HTTP/1.0 200 OK\\r\\n\\r\\nhi\\n'"), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
}

TEST(Explain, SaysTheBuildStep) {
  spec::LoadResult r =
      spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/tests/submissions/build/tcp-capitalize-build.yaml");
  ASSERT_TRUE(r.ok());
  std::string text = Explain(*r.spec);
  EXPECT_NE(text.find("  build: 'make' runs once in each submission's copy, contained, before "
                      "its cases (at most 30.0 s)"),
            std::string::npos)
      << text;
  r = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Explain(*r.spec).find("build:"), std::string::npos);
}

TEST(Explain, SaysWhyACaseIsNotGraded) {
  spec::LoadResult r = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml");
  ASSERT_TRUE(r.ok());
  std::string text = Explain(*r.spec);
  EXPECT_NE(text.find("server-letters-outside-ascii [server] — 0 points"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Not graded: it needs letters outside ASCII upper-cased, which this spec "
                      "does not grade (letters: ascii; letters: unicode would)."),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("Not graded", text.find("server-mixed-characters")),
            text.find("Not graded", text.find("server-letters-outside-ascii")))
      << "only the case outside ASCII is not graded";
}

// A traceroute's case says what its requests on the wire must be, the least as the most.
TEST(Explain, SaysWhatATraceroutesRequestsMustBe) {
  spec::LoadResult r = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/traceroute.yaml");
  ASSERT_TRUE(r.ok());
  std::string text = Explain(*r.spec);
  EXPECT_NE(text.find("Expected: echo requests on the wire with TTL 1, 2, 3, ..."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("at most 3 with one TTL, and 3 before going on to the next when none was "
                      "answered."),
            std::string::npos)
      << text;
  r = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/icmp-pinger.yaml");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Explain(*r.spec).find("with TTL 1, 2, 3"), std::string::npos);
}

TEST(Explain, AReplyTemplateIsSpelledOut) {
  std::string text = Explain(Load(R"(exercise: x
protocol: tcp
roles: {client: {listens: false}}
cases:
  - {name: a, role: client, stdin: [hi], peer: {reply: "{upper} [answer {n}]"}, expect: {stdout: peer-replies}}
)"));
  EXPECT_NE(text.find("answers every message with the message in upper case + \" [answer \" + its "
                      "number (1, 2, ...) + \"]\""),
            std::string::npos)
      << text;
}

TEST(Explain, ShowsTenExpectedLinesSoAReorderingIsVisible) {
  std::string text = Explain(Load(R"(exercise: x
protocol: tcp
roles: {receiver: {listens: true}}
cases:
  - name: a
    role: receiver
    peer: {connections: [{send: [m1, m2, m3, m4, m5, m6]}]}
    expect: {stdout: [m1, m2, m3, m4, m6, m5]}
)"));
  EXPECT_NE(text.find("'m4', 'm6', 'm5' in order"), std::string::npos) << text;
}

TEST(Explain, SaysNothingAboutAnswersWhereNothingAnswers) {
  std::string text = Explain(Load(R"(exercise: x
protocol: udp
roles: {receiver: {listens: true}}
cases:
  - {name: a, role: receiver, peer: {connections: [{send: [a, b]}]}, expect: {stdout: peer-sent}}
)"));
  EXPECT_EQ(text.find("previous answer"), std::string::npos) << text;
  EXPECT_EQ(text.find("one write"), std::string::npos) << text;
  EXPECT_NE(text.find("one datagram each"), std::string::npos) << text;
  EXPECT_NE(text.find("makes 1 client socket:"), std::string::npos) << text;
  EXPECT_EQ(text.find("one after the other"), std::string::npos) << text;
}

TEST(Explain, SaysWhenAStudentSeesTheDetailsOfACaseNotVisible) {
  spec::LoadResult r =
      spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/tests/cli/fixtures/hidden-cases.yaml");
  ASSERT_TRUE(r.ok());
  std::string text = Explain(*r.spec);
  EXPECT_NE(text.find("A student sees its result and points now, why only after the due date "
                      "(visibility: after_due_date)."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("now, why never (visibility: hidden)"), std::string::npos) << text;
  EXPECT_EQ(text.find("visibility: visible"), std::string::npos) << text;
}

TEST(Explain, ACaseThatChecksNothingSaysSo) {
  spec::Spec s = Load(R"(exercise: x
protocol: tcp
roles: {server: {listens: true}}
cases:
  - {name: a, role: server, peer: {connections: [{send: [a]}]}, expect: {exit: running}}
)");
  s.cases[0].expect = spec::Expect{};
  EXPECT_NE(Explain(s).find("Expected: nothing is checked"), std::string::npos);
}

}  // namespace
}  // namespace netgrade::report
