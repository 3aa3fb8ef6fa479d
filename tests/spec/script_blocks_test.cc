// The framing steps as the loader reads them: lines, end, line_end (a step's and its case's)
// and within, and their errors at file:line:col.
#include "harness/spec/script_blocks.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"

namespace netgrade::spec {
namespace {

const char* kHead =
    "exercise: x\nprotocol: tcp\nroles: {server: {listens: true}}\ncases:\n"
    "  - name: a\n    role: server\n";

LoadResult Load(const std::string& rest, const char* head = kHead) {
  return LoadSpecString(std::string(head) + rest, "x.yaml");
}

std::string Errors(const LoadResult& r) {
  std::string out;
  for (const SpecError& e : r.errors) out += e.ToString() + "\n";
  return out;
}

TEST(ScriptBlocks, LinesEndAndLineEndsAreRead) {
  LoadResult r = Load(
      "    line_end: crlf\n"
      "    script:\n"
      "      - connect: a\n"
      "      - send: \"GET / HTTP/1.1\"\n"
      "        on: a\n"
      "      - lines: {matching: '^[A-Z]', until: '^$', at_least: 1, at_most: 9}\n"
      "        on: a\n"
      "      - expect: {text: body}\n"
      "        on: a\n"
      "        line_end: any\n"
      "      - end: closed\n"
      "        on: a\n"
      "        within: 2s\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const std::vector<Step>& s = r.spec->cases[0].script;
  EXPECT_EQ(s[1].line_end, LineEnd::kCrlf);  // the case's
  EXPECT_EQ(s[2].action, Step::Action::kLines);
  EXPECT_EQ(s[2].block.matching, "^[A-Z]");
  EXPECT_EQ(s[2].block.until, "^$");
  EXPECT_EQ(s[2].block.at_least, 1);
  EXPECT_EQ(s[2].block.at_most, 9);
  EXPECT_EQ(s[3].line_end, LineEnd::kAny);  // its own wins over the case's
  EXPECT_EQ(s[4].action, Step::Action::kEnd);
  EXPECT_EQ(s[4].end, ConnEnd::kClosed);
  EXPECT_EQ(s[4].within_ms, 2000);
}

TEST(ScriptBlocks, MistakesAreErrorsAtTheirPlace) {
  LoadResult r = Load(
      "    script:\n"
      "      - connect: a\n"
      "      - lines: {matching: '(', until: '^$'}\n"  // line 9: a bad pattern
      "        on: a\n"
      "      - lines: {at_least: 3, at_most: 1, until: x}\n"  // line 11: no block passes
      "        on: a\n"
      "      - end: shut\n"  // line 13: no such end
      "        on: a\n"
      "      - connect: b\n"
      "        line_end: crlf\n"  // line 16: connect sends no line
      "      - end: open\n"
      "        on: b\n"
      "        within: 1s\n");  // line 19: open waits for rest, not a time
  ASSERT_FALSE(r.ok());
  std::string e = Errors(r);
  EXPECT_NE(e.find("x.yaml:9:"), std::string::npos) << e;
  EXPECT_NE(e.find("not a valid regular expression"), std::string::npos) << e;
  EXPECT_NE(e.find("x.yaml:11:"), std::string::npos) << e;
  EXPECT_NE(e.find("less than 'at_least'"), std::string::npos) << e;
  EXPECT_NE(e.find("x.yaml:13:"), std::string::npos) << e;
  EXPECT_NE(e.find("x.yaml:16:"), std::string::npos) << e;
  EXPECT_NE(e.find("x.yaml:19:"), std::string::npos) << e;
}

TEST(ScriptBlocks, LinesNeedUntilAndTcp) {
  LoadResult missing = Load(
      "    script:\n      - connect: a\n      - lines: {matching: x}\n"
      "        on: a\n");
  EXPECT_NE(Errors(missing).find("until"), std::string::npos) << Errors(missing);
  const char* udp =
      "exercise: x\nprotocol: udp\nroles: {server: {listens: true}}\ncases:\n"
      "  - name: a\n    role: server\n";
  LoadResult r = Load(
      "    line_end: crlf\n    script:\n      - connect: a\n      - send: x\n"
      "        on: a\n",
      udp);
  EXPECT_NE(Errors(r).find("x.yaml:7:"), std::string::npos) << Errors(r);  // line_end over UDP
  LoadResult end =
      Load("    script:\n      - connect: a\n      - end: closed\n        on: a\n", udp);
  EXPECT_NE(Errors(end).find("'end' reads a TCP connection"), std::string::npos) << Errors(end);
}

TEST(ScriptBlocks, ACaseLineEndNeedsAScript) {
  LoadResult r = Load(
      "    line_end: crlf\n    peer: {connections: [{send: [a]}]}\n"
      "    expect: {replies: upper}\n");
  EXPECT_NE(Errors(r).find("x.yaml:7:"), std::string::npos) << Errors(r);
  EXPECT_STREQ(LineEndWords(LineEnd::kCrlf), "\\r\\n");
}

}  // namespace
}  // namespace netgrade::spec
