// The script peer's framing steps (harness/peers/script_blocks.cc): a line end that must be
// "\r\n", a block of header lines, and how the program leaves the connection.
#include "harness/peers/script_blocks.h"

#include <gtest/gtest.h>

#include "harness/peers/script_player.h"
#include "tests/peers/script_fixture.h"

namespace netgrade::peers {
namespace {

using namespace script_test;  // NOLINT: the fixture's steps and students

spec::Step Crlf(spec::Step s) {
  s.line_end = spec::LineEnd::kCrlf;
  return s;
}

spec::Step Lines(int at_most) {
  spec::Step s = Crlf(Step(Action::kLines, "a"));
  s.block.matching = "^[A-Za-z-]+: ";
  s.block.until = "^$";
  s.block.at_most = at_most;
  return s;
}

spec::Step End(spec::ConnEnd e) {
  spec::Step s = Step(Action::kEnd, "a");
  s.end = e;
  return s;
}

// A web server on the loop: the request line ending "\r\n" (sent so by a crlf send) gets
// `head`, which the fixture ends with "\n".
const char* kHead = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nServer: x\r\n\r";

TEST(ScriptBlocks, ACrlfSendEndsItsLinesWithCrlfAndAHeadIsRead) {
  Fixture f({Step(Action::kConnect, "a"), Crlf(Send("a", "GET / HTTP/1.1")),
             Crlf(Expect("a", AnswerKind::kMatches, "^HTTP/1.1 200 OK$")), Lines(5)});
  Server server(f.loop, false, [](const std::string& line) {
    return line == "GET / HTTP/1.1\r" ? std::string(kHead) : std::string("no crlf\r");
  });
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->received.value_or("");
}

TEST(ScriptBlocks, ABareNewlineWhereCrlfIsRequiredFails) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "GET"),
             Crlf(Expect("a", AnswerKind::kExact, "HTTP/1.1 200 OK"))});
  Server server(f.loop, false, [](const std::string&) { return std::string("HTTP/1.1 200 OK"); });
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, ScriptFailure::Kind::kWrongLineEnd);
  EXPECT_EQ(failure->detail, "\\n");
  EXPECT_EQ(failure->received, "HTTP/1.1 200 OK");
}

TEST(ScriptBlocks, TooManyHeaderLinesAreCounted) {
  Fixture f({Step(Action::kConnect, "a"), Crlf(Send("a", "GET / HTTP/1.1")),
             Crlf(Expect("a", AnswerKind::kMatches, "^HTTP")), Lines(1)});
  Server server(f.loop, false, [](const std::string&) { return std::string(kHead); });
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, ScriptFailure::Kind::kBlockCount);
  EXPECT_EQ(failure->count, 1);
  EXPECT_EQ(failure->got, 2);
}

TEST(ScriptBlocks, ALineOfTheBlockThatMatchesNeitherPatternIsWrongContent) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "GET"), Lines(9)});
  Server server(f.loop, false, [](const std::string&) { return std::string("<html>\r"); });
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, ScriptFailure::Kind::kWrongAnswer);
  EXPECT_EQ(failure->received, "<html>");
  EXPECT_NE(failure->expected.find("(which ends the lines)"), std::string::npos);
}

TEST(ScriptBlocks, AConnectionKeptOpenPassesOpenAndFailsClosed) {
  for (spec::ConnEnd e : {spec::ConnEnd::kOpen, spec::ConnEnd::kClosed}) {
    Fixture f({Step(Action::kConnect, "a"), Send("a", "hi"), Expect("a"), End(e)});
    Server server(f.loop);  // answers, and never closes
    auto peer = f.Client(server.address());
    peer->Start();
    ASSERT_TRUE(f.Run(*peer));
    const ScriptFailure* failure = peer->script_failure();
    if (e == spec::ConnEnd::kOpen) {
      EXPECT_EQ(failure, nullptr);
      continue;
    }
    ASSERT_NE(failure, nullptr);
    EXPECT_EQ(failure->kind, ScriptFailure::Kind::kConnectionEnd);
    EXPECT_EQ(failure->detail, "open");
    EXPECT_EQ(failure->expected, "closed");
  }
}

TEST(ScriptBlocks, Descriptions) {
  spec::LineBlock b;
  b.until = "^$";
  EXPECT_EQ(DescribeBlockLine(b), "a line matching /^$/ (which ends the lines)");
  b.matching = "^X";
  EXPECT_EQ(DescribeBlockLine(b),
            "a line matching /^X/, or a line matching /^$/ (which ends the "
            "lines)");
  EXPECT_TRUE(LineEndOk(spec::LineEnd::kAny, false));
  EXPECT_FALSE(LineEndOk(spec::LineEnd::kCrlf, false));
  EXPECT_FALSE(LineEndOk(spec::LineEnd::kLf, true));
}

}  // namespace
}  // namespace netgrade::peers
