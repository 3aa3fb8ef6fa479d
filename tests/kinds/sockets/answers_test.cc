// A listening program's answers, connection by connection, on observations built by hand.
#include "harness/kinds/sockets/answers.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "tests/check/observed_case.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::sockets {
namespace {
using namespace netgrade::check;
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;
using testing_support::ExpectWords;

TEST(Answers, RightAnswersOnEveryConnectionAreFine) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"),
                   Answered({"second client"}, "SECOND CLIENT\n")};
  EXPECT_TRUE(CheckReplies(o, TermsOf(o)).ok()) << CheckReplies(o, TermsOf(o)).Text();
}

TEST(Answers, ASecondConnectionLeftUnansweredIsExplainedOnce) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"),
                   Answered({"second client"}, "")};
  Finding f = CheckReplies(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNoOutput);
  ASSERT_EQ(f.notes.size(), 1u) << "that the first was answered: " << f.Text();
  ExpectWords(f);  // the whole text: connection 2, the note on accept(), and no 'was was'
}

TEST(Answers, UdpHasClientsNotConnections) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  peers::ConnectionLog first = Answered({"first line", "second line"}, "");
  first.datagrams = {"FIRST LINE", "SECOND LINE"};
  o.connections = {first, Answered({"second client"}, "")};
  Finding f = CheckReplies(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNoOutput);
  ExpectWords(f);
  // The test's point, as its name says: UDP has clients, no connection and no accept().
  EXPECT_EQ(f.Text().find("connection"), std::string::npos) << f.Text();
  EXPECT_EQ(f.Text().find("accept()"), std::string::npos) << f.Text();
}

// UDP, two clients: the answer to one went to the other (a remembered client address).
TEST(Answers, AnAnswerThatWentToAnotherClientNamesBoth) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  peers::ConnectionLog first = Answered({"first line", "second line"}, "");
  first.datagrams = {"FIRST LINE", "SECOND LINE", "SECOND CLIENT"};
  o.connections = {first, Answered({"second client"}, "")};
  Finding f = CheckReplies(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kReplyToFixedAddress);
  ExpectWords(f);
}

TEST(Answers, AnAnswerWithoutItsNewlineIsNamedWhenTheNextNeverCame) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line"}, "FIRST LINE")};
  o.connections[0].complete = false;
  Finding f = CheckReplies(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNoNewline) << f.Text();
  ExpectWords(f);
}

TEST(Answers, ARefusedConnectionIsAServerThatStoppedAccepting) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  peers::ConnectionLog refused;
  refused.connect_errno = ECONNREFUSED;
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"), refused};
  Finding f = CheckReplies(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kStoppedEarly);
  ExpectWords(f);
}

TEST(Answers, ZerosAfterTheAnswerAreNamedAsPadding) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  std::string padded = "SECOND CLIENT\n" + std::string(1010, '\0');
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"),
                   Answered({"second client"}, padded)};
  Finding f = CheckReplies(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNulPadding) << f.Text();
  ExpectWords(f);
  // The report shows the padding itself: an extra "message" of zeros where nothing more was
  // expected.
  ASSERT_TRUE(f.difference);
  EXPECT_EQ(f.difference->expected, std::nullopt);
  EXPECT_EQ(f.difference->received, std::string(1010, '\0'));
}

// A diagnosis is data: what went wrong in one sentence, then what to change, apart.
bool OneSentence(const std::string& text) {
  return !text.empty() && std::string(".?!").find(text.back()) != std::string::npos &&
         text.find('\n') == std::string::npos;
}

TEST(Answers, AnEchoIsACauseEvidenceAndAFix) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line", "second line"}, "first line\nsecond line\n")};
  Finding f = CheckReplies(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kEcho) << f.Text();
  EXPECT_EQ(f.cause,
            "Your server answered: for 'first line' expected 'FIRST LINE', got 'first line'.");
  EXPECT_EQ(f.evidence, "This looks like an echo: the text came back unchanged.");
  EXPECT_EQ(f.fix, "Convert it to upper case (e.g. text.upper()) before sending it back.");
  EXPECT_EQ(f.Text(), f.cause + " " + f.evidence + " " + f.fix);
}

TEST(Answers, AMissingNewlineSaysWhatWentWrongThenToEndEveryAnswer) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line"}, "FIRST LINE")};
  o.connections[0].complete = false;
  Finding f = CheckReplies(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNoNewline) << f.Text();
  EXPECT_TRUE(OneSentence(f.cause)) << f.cause;
  ExpectWords(f);
  // The test's name says these words are its point: the fix begins by saying to end every answer.
  EXPECT_EQ(f.fix.rfind("End every answer with '\\n'", 0), 0u) << f.fix;
}

// What a later step adds is a note: the finding's own words stay as they were made.
TEST(Answers, AConnectionClosedEarlyIsANoteAfterTheDiagnosis) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\n")};
  o.connections[0].eof = true;
  o.connections[0].complete = false;
  Finding f = CheckReplies(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kMissingMessage) << f.Text();
  ASSERT_FALSE(f.notes.empty()) << f.Text();
  EXPECT_EQ(f.notes.front(),
            "Then it closed the connection: does it call recv() only once per connection?");
  EXPECT_EQ(f.mistake, "one_recv");
  // The test's point: the note is after the diagnosis, not in its cause.
  EXPECT_EQ(f.cause.find("Then it closed"), std::string::npos) << f.cause;
}

}  // namespace
}  // namespace netgrade::sockets
