// The framing failures of a script in words: a line ended with \n where \r\n was required, a
// block too long or too short, a connection kept open, reset or closed otherwise.
#include "harness/check/script_words.h"

#include <gtest/gtest.h>

namespace netgrade::check {
namespace {

using Kind = peers::ScriptFailure::Kind;

peers::ScriptFailure Failure(Kind kind, const std::string& detail) {
  peers::ScriptFailure f;
  f.kind = kind;
  f.detail = detail;
  f.received = "HTTP/1.1 200 OK";
  f.expected = "a line matching /^HTTP/";
  return f;
}

const std::string kSent = "After the reference client sent 'GET /', it";

TEST(ScriptWords, ABareNewlineIsNamedWithTheFix) {
  peers::ScriptFailure f = Failure(Kind::kWrongLineEnd, "\\n");
  std::string w = FramingWords(f, "server.py", kSent);
  EXPECT_NE(w.find("got 'HTTP/1.1 200 OK', but that line ended with \\n alone; HTTP and SMTP "
                   "lines end with \\r\\n: send \"\\r\\n\""),
            std::string::npos)
      << w;
  EXPECT_EQ(FramingCode(f), Code::kWrongLineEnd);
  EXPECT_NE(FramingWords(Failure(Kind::kWrongLineEnd, "\\r\\n"), "server.py", kSent)
                .find("send \"\\n\" at its end"),
            std::string::npos);
}

TEST(ScriptWords, ConnectionEnds) {
  peers::ScriptFailure open = Failure(Kind::kConnectionEnd, "open");
  open.expected = "closed";
  EXPECT_EQ(FramingCode(open), Code::kKeptOpen);
  EXPECT_NE(FramingWords(open, "server.py", kSent).find("it kept it open and was seen waiting"),
            std::string::npos);
  open.count = 2000;
  EXPECT_NE(FramingWords(open, "server.py", kSent).find("within 2000 ms"), std::string::npos);
  peers::ScriptFailure reset = Failure(Kind::kConnectionEnd, "reset");
  reset.expected = "closed";
  EXPECT_EQ(FramingCode(reset), Code::kWrongConnectionEnd);
  EXPECT_NE(FramingWords(reset, "server.py", kSent).find("read the whole request before"),
            std::string::npos);
  peers::ScriptFailure closed = Failure(Kind::kConnectionEnd, "closed");
  closed.expected = "open";
  EXPECT_NE(FramingWords(closed, "server.py", kSent)
                .find("to keep open the connection, and it "
                      "closed it"),
            std::string::npos);
}

TEST(ScriptWords, BlockCounts) {
  peers::ScriptFailure f = Failure(Kind::kBlockCount, "at most");
  f.count = 2;
  f.got = 3;
  f.expected = "a line matching /^$/ (which ends the lines)";
  EXPECT_EQ(FramingCode(f), Code::kLineCount);
  EXPECT_NE(FramingWords(f, "server.py", kSent)
                .find("expected at most 2 lines before a line "
                      "matching /^$/"),
            std::string::npos);
  EXPECT_TRUE(IsFramingFailure(Kind::kBlockCount));
  EXPECT_FALSE(IsFramingFailure(Kind::kWrongAnswer));
}

// Two lines that ended wrong, two counts, two programs: one shape each, the quoted line, the
// count and the program out of it (issue 48), and the sentence's opening's shape in it.
TEST(ScriptWords, TheWordsShapeHasTheLinesAndTheProgramOut) {
  const Phrase sent =
      Say("After {} sent {}, it", std::string("the reference client"), std::string("'GET /'"));
  peers::ScriptFailure one = Failure(Kind::kWrongLineEnd, "\\n");
  peers::ScriptFailure other = one;
  other.received = "HTTP/1.0 404 Not Found";
  Phrase a = FramingWords(one, "server.py", sent), b = FramingWords(other, "web.py", sent);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.shape(), b.shape());
  EXPECT_EQ(a.shape().rfind("After {} sent {}, it expected {} and got {}, but that line ended", 0),
            0u)
      << a.shape();
  peers::ScriptFailure few = Failure(Kind::kBlockCount, "at most");
  few.count = 2;
  few.got = 3;
  peers::ScriptFailure many = few;
  many.count = 5;
  many.got = 9;
  many.received = "X-Other: 1";
  EXPECT_EQ(FramingWords(few, "server.py", sent).shape(),
            FramingWords(many, "server.py", sent).shape());
  peers::ScriptFailure open = Failure(Kind::kConnectionEnd, "open");
  EXPECT_EQ(FramingWords(open, "server.py", sent).shape(),
            FramingWords(open, "my_server.py", sent).shape());
  open.count =
      2000;  // " within 2000 ms" is another end of the sentence than " and was seen waiting"
  EXPECT_NE(FramingWords(open, "server.py", sent).shape(),
            FramingWords(Failure(Kind::kConnectionEnd, "open"), "server.py", sent).shape());
}

}  // namespace
}  // namespace netgrade::check
