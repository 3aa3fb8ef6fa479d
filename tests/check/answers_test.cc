// A listening program's answers, connection by connection, on observations built by hand.
#include "harness/check/answers.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "tests/check/observed_case.h"

namespace netgrade::check {
namespace {
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;

TEST(Answers, RightAnswersOnEveryConnectionAreFine) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"),
                   Answered({"second client"}, "SECOND CLIENT\n")};
  EXPECT_TRUE(CheckReplies(o).ok()) << CheckReplies(o).message;
}

TEST(Answers, ASecondConnectionLeftUnansweredIsExplainedOnce) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"),
                   Answered({"second client"}, "")};
  Finding f = CheckReplies(o);
  EXPECT_EQ(f.code, Code::kNoOutput);
  EXPECT_NE(f.message.find("The first connection was answered correctly"), std::string::npos)
      << f.message;
  EXPECT_EQ(f.message.find("was was"), std::string::npos) << f.message;
}

TEST(Answers, UdpHasClientsNotConnections) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  peers::ConnectionLog first = Answered({"first line", "second line"}, "");
  first.datagrams = {"FIRST LINE", "SECOND LINE"};
  o.connections = {first, Answered({"second client"}, "")};
  Finding f = CheckReplies(o);
  EXPECT_EQ(f.code, Code::kNoOutput);
  EXPECT_NE(f.message.find("recvfrom()"), std::string::npos) << f.message;
  EXPECT_EQ(f.message.find("connection"), std::string::npos) << f.message;
  EXPECT_EQ(f.message.find("accept()"), std::string::npos) << f.message;
}

// UDP, two clients: the answer to one went to the other (a remembered client address).
TEST(Answers, AnAnswerThatWentToAnotherClientNamesBoth) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  peers::ConnectionLog first = Answered({"first line", "second line"}, "");
  first.datagrams = {"FIRST LINE", "SECOND LINE", "SECOND CLIENT"};
  o.connections = {first, Answered({"second client"}, "")};
  Finding f = CheckReplies(o);
  EXPECT_EQ(f.code, Code::kReplyToFixedAddress);
  EXPECT_EQ(
      f.message.rfind("The answer to client 2's 'second client' went to client 1 instead.", 0), 0u)
      << f.message;
}

TEST(Answers, AnAnswerWithoutItsNewlineIsNamedWhenTheNextNeverCame) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line"}, "FIRST LINE")};
  o.connections[0].complete = false;
  Finding f = CheckReplies(o);
  EXPECT_EQ(f.code, Code::kNoNewline) << f.message;
  EXPECT_NE(f.message.find("never sent its next line, 'second line'"), std::string::npos)
      << f.message;
}

TEST(Answers, ARefusedConnectionIsAServerThatStoppedAccepting) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  peers::ConnectionLog refused;
  refused.connect_errno = ECONNREFUSED;
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"), refused};
  Finding f = CheckReplies(o);
  EXPECT_EQ(f.code, Code::kStoppedEarly);
  EXPECT_NE(f.message.find("could not connect on connection 2 (Connection refused): server.py no "
                           "longer accepted connections"),
            std::string::npos)
      << f.message;
}

TEST(Answers, ZerosAfterTheAnswerAreNamedAsPadding) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  std::string padded = "SECOND CLIENT\n" + std::string(1010, '\0');
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"),
                   Answered({"second client"}, padded)};
  Finding f = CheckReplies(o);
  EXPECT_EQ(f.code, Code::kNulPadding) << f.message;
  EXPECT_NE(f.message.find("1010 bytes of padding"), std::string::npos) << f.message;
  // The report shows the padding itself: an extra "message" of zeros where nothing more was
  // expected.
  ASSERT_TRUE(f.difference);
  EXPECT_EQ(f.difference->expected, std::nullopt);
  EXPECT_EQ(f.difference->received, std::string(1010, '\0'));
}

}  // namespace
}  // namespace netgrade::check
