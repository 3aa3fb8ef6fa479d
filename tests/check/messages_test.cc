#include "harness/check/messages.h"

#include <gtest/gtest.h>

#include "harness/base/text.h"
#include "harness/check/root_cause.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using testing_support::ExpectWords;

MessageCheck Answers(std::vector<std::string> sent, std::vector<std::string> actual) {
  std::vector<std::string> expected;
  for (const auto& s : sent) expected.push_back(Upper(s));
  MessageCheck c{"Your server's answers", sent, expected, actual, false};
  c.upper_expected = true;  // replies: upper
  return c;
}

TEST(CompareMessages, AcceptsExactAnswers) {
  EXPECT_TRUE(CompareMessages(Answers({"hello", "world"}, {"HELLO", "WORLD"})).ok());
}

TEST(CompareMessages, NamesAnEcho) {
  Finding f = CompareMessages(Answers({"hello"}, {"hello"}));
  EXPECT_EQ(f.code, Code::kEcho);
  ExpectWords(f);
}

// A client that prints what it sent, after a prompt, echoes; one that prints a real answer
// which holds what it sent and goes on (a name server's answer repeats the name) does not,
// even when that answer is wrong.
TEST(CompareMessages, ARealButWrongAnswerHoldingTheMessageIsNoEcho) {
  MessageCheck echo{"client.py printed", {"hello"}, {"HELLO"}, {"From Server: hello"}, true};
  EXPECT_EQ(CompareMessages(echo).code, Code::kEcho);
  MessageCheck wrong{"client.py printed",
                     {"www.example.com"},
                     {"www.example.com 93.184.216.34"},
                     {"www.example.com 10.0.0.7"},
                     true};
  Finding f = CompareMessages(wrong);
  EXPECT_NE(f.code, Code::kEcho) << f.Text();
  // The test's point, as its name says: no echo, in the code or in the words.
  EXPECT_EQ(f.Text().find("echo"), std::string::npos) << f.Text();
  EXPECT_EQ(f.code, Code::kWrongContent) << f.Text();
}

TEST(CompareMessages, NamesCapitalizeInsteadOfUpper) {
  Finding f = CompareMessages(Answers({"hello world"}, {"Hello world"}));
  EXPECT_EQ(f.code, Code::kFirstLetterOnly);
  ExpectWords(f);
}

TEST(CompareMessages, NamesMessagesRunTogether) {
  MessageCheck c{
      "The reference server received", {}, {"one", "two", "three"}, {"onetwothree"}, false};
  EXPECT_EQ(CompareMessages(c).code, Code::kRunTogether);
}

TEST(CompareMessages, NamesWrongOrder) {
  MessageCheck c{"The reference server received", {}, {"a", "b", "c"}, {"c", "b", "a"}, false};
  EXPECT_EQ(CompareMessages(c).code, Code::kWrongOrder);
}

TEST(CompareMessages, NamesTheMissingLastMessage) {
  MessageCheck c{"receiver.py printed", {}, {"a", "b", "c"}, {"a", "b"}, true};
  Finding f = CompareMessages(c);
  EXPECT_EQ(f.code, Code::kMissingMessage);
  ExpectWords(f);  // the one missing: 'c'
}

TEST(CompareMessages, NamesAnExtraMessageInAStream) {
  EXPECT_EQ(CompareMessages(Answers({"hi"}, {"HI", "HI"})).code, Code::kExtraMessage);
}

TEST(CompareMessages, ToleratesPromptsAndPrefixesOnStdout) {
  MessageCheck c{"client.py printed",
                 {"hello"},
                 {"HELLO"},
                 {"Input lowercase sentence:From Server:  HELLO"},
                 true};
  EXPECT_TRUE(CompareMessages(c).ok());
}

TEST(CompareMessages, NamesBytesRepresentation) {
  MessageCheck c{"client.py printed", {"hello"}, {"HELLO"}, {"From Server: b'HELLO'"}, true};
  EXPECT_EQ(CompareMessages(c).code, Code::kBytesRepr);
}

TEST(CompareMessages, NamesNoOutput) {
  MessageCheck c{"client.py printed", {"hello"}, {"HELLO"}, {}, true};
  EXPECT_EQ(CompareMessages(c).code, Code::kNoOutput);
}

TEST(CompareMessages, ShowsATruncatedLongLine) {
  std::string line(3000, 'A');
  MessageCheck c{"Your server's answers", {}, {line}, {line.substr(0, 1024)}, false};
  Finding f = CompareMessages(c);
  EXPECT_EQ(f.code, Code::kWrongContent);
  EXPECT_EQ(f.mistake, kOneRecv) << f.Text();
  ExpectWords(f);
}

TEST(CompareMessages, ShowsWhereTwoLongLinesFirstDiffer) {
  std::string sent;
  for (int i = 0; i < 60; ++i) sent += "the quick brown fox. ";
  std::string expected = Upper(sent);
  std::string got = expected;
  got.erase(1023, 1);  // a space lost where one recv() ended
  Finding f = CompareMessages(Answers({sent}, {got}));
  EXPECT_EQ(f.code, Code::kWrongContent);
  ExpectWords(f);
}

TEST(CompareMessages, ShowsADifferenceInsideAUtf8CharacterWhole) {
  std::string sent(70, 'x');
  sent += " caf\u00e9";
  std::string got = Upper(std::string(70, 'x')) + " CAF\u00e9";  // bytes.upper() leaves é alone
  Finding f = CompareMessages(Answers({sent}, {got}));
  EXPECT_EQ(f.code, Code::kAsciiOnlyUpper) << f.Text();
  ExpectWords(f);
}

TEST(CompareMessages, NamesBytesRepresentationWithItsEscapedNewline) {
  MessageCheck c{"receiver.py printed",
                 {"hello receiver"},
                 {"hello receiver"},
                 {"b'hello receiver\\n'"},
                 true};
  Finding f = CompareMessages(c);
  EXPECT_EQ(f.code, Code::kBytesRepr) << f.Text();
  ExpectWords(f);
}

TEST(CompareMessages, NamesAnUpperCasedBytesRepresentation) {
  Finding f = CompareMessages(Answers({"hello world"}, {"B'HELLO WORLD\\N'"}));
  EXPECT_EQ(f.code, Code::kBytesRepr) << f.Text();
  ExpectWords(f);
}

TEST(CompareMessages, NamesBytesRepresentationsOfNonAsciiText) {
  // str(b'caf\xc3\xa9').upper() escapes the UTF-8 bytes of 'é' and then upper-cases the escapes.
  Finding upper = CompareMessages(Answers({"caf\xc3\xa9 {ok}"}, {"B'CAF\\XC3\\XA9 {OK}\\N'"}));
  EXPECT_EQ(upper.code, Code::kBytesRepr) << upper.Text();
  MessageCheck printed{"receiver.py printed",
                       {"stra\xc3\x9f"
                        "e"},
                       {"stra\xc3\x9f"
                        "e"},
                       {"b'stra\\xc3\\x9fe\\n'"},
                       true};
  EXPECT_EQ(CompareMessages(printed).code, Code::kBytesRepr) << CompareMessages(printed).Text();
}

TEST(CompareMessages, BlamesTheReaderWhenTheStudentReceivedAShortLine) {
  MessageCheck c{"receiver.py printed", {}, {"two words"}, {"two"}, false};
  Finding f = CompareMessages(c);
  EXPECT_EQ(f.code, Code::kWrongContent);
  EXPECT_EQ(f.mistake, kOneRecv) << f.Text();
}

TEST(CompareMessages, BlamesScanfWhenTheSenderSentOnlyTheFirstWord) {
  MessageCheck c{
      "The reference server received", {}, {"one", "two words"}, {"one", "two", "words"}, false};
  c.peer_received = true;
  Finding f = CompareMessages(c);
  EXPECT_EQ(f.code, Code::kWrongContent);
  ExpectWords(f);
  EXPECT_EQ(f.mistake, "") << "the sender's reading, not the receiver's: " << f.Text();
  // The test's point: the sender's scanf() is blamed, not the receiver's recv().
  EXPECT_EQ(f.fix.find("recv()"), std::string::npos) << f.fix;
}

TEST(Text, UpperFollowsFullUnicodeCaseMapping) {
  EXPECT_EQ(Upper("straße"), "STRASSE");
  EXPECT_EQ(Upper("héllo, world 42!"), "HÉLLO, WORLD 42!");
  EXPECT_EQ(Capitalize("hELLO wORLD"), "Hello world");
}

TEST(Text, SplitLinesKeepsAPartialLastLineAndDropsCarriageReturns) {
  EXPECT_EQ(SplitLines("a\r\nb\nc"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(SplitLines("a\nb", false), (std::vector<std::string>{"a"}));
}

// The report lays out the first differing message beside what was expected: the finding
// carries it as data, also when the words are about an echo, a missing or an extra message.
TEST(CompareMessages, HandsOverTheFirstDifferingMessageAsData) {
  Finding echo = CompareMessages(Answers({"ok", "hello"}, {"OK", "hello"}));
  ASSERT_TRUE(echo.difference);
  EXPECT_EQ(echo.difference->sent, "hello");
  EXPECT_EQ(echo.difference->expected, "HELLO");
  EXPECT_EQ(echo.difference->received, "hello");

  Finding missing = CompareMessages(Answers({"a", "b"}, {"A"}));
  EXPECT_EQ(missing.code, Code::kMissingMessage);
  ASSERT_TRUE(missing.difference);
  EXPECT_EQ(missing.difference->expected, "B");
  EXPECT_EQ(missing.difference->received, std::nullopt);

  Finding extra = CompareMessages(Answers({"a"}, {"A", "AGAIN"}));
  EXPECT_EQ(extra.code, Code::kExtraMessage);
  ASSERT_TRUE(extra.difference);
  EXPECT_EQ(extra.difference->expected, std::nullopt);
  EXPECT_EQ(extra.difference->received, "AGAIN");

  Finding wrong = CompareMessages(Answers({"hello world"}, {"HELLO WORLd"}));
  EXPECT_EQ(wrong.code, Code::kWrongContent);
  ASSERT_TRUE(wrong.difference);
  EXPECT_EQ(wrong.difference->received, "HELLO WORLd");
}

// An echo and a wrong answer say what came in one shape, whatever the line (issue 48): the
// line sent, expected and got are values; whose answers they are, the check's own words.
TEST(CompareMessages, AWrongLinesWordsHaveOneShapeWhateverTheLine) {
  Finding a = CompareMessages(Answers({"hello"}, {"hello"}));
  Finding b = CompareMessages(Answers({"zebra crossing"}, {"zebra crossing"}));
  EXPECT_EQ(a.code, Code::kEcho);
  EXPECT_NE(a.cause, b.cause);
  EXPECT_EQ(a.cause.shape(), "Your server's answers: for {} expected {}, got {}.");
  EXPECT_EQ(b.cause.shape(), a.cause.shape());
  Finding wrong = CompareMessages(Answers({"hello"}, {"GOODBYE"}));
  EXPECT_EQ(wrong.code, Code::kWrongContent);
  EXPECT_EQ(wrong.cause.shape(), a.cause.shape());
  EXPECT_EQ(CompareMessages(Answers({"one two"}, {"ONE"})).cause.shape(), wrong.cause.shape());
}

}  // namespace
}  // namespace netgrade::check
