// What a client delivered to the reference server, on observations built by hand.
#include "harness/check/received.h"

#include <gtest/gtest.h>

#include "tests/check/observed_case.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;
using testing_support::ExpectWords;

TEST(Received, TheLineTheCaseExpectsIsFine) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.connections = {Answered({"HELLO WORLD"}, "hello world\n")};
  EXPECT_TRUE(CheckReceived(o, TermsOf(o)).ok()) << CheckReceived(o, TermsOf(o)).Text();
}

TEST(Received, NoConnectionIsAClientThatNeverConnected) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  Finding f = CheckReceived(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNeverConnected);
  EXPECT_EQ(f.Text().rfind("client.py never connected to the reference server at port 40000, ", 0),
            0u)
      << f.Text();
}

// Datagrams that may have gone where the grader could not see: it is not said none was sent.
TEST(Received, UnseenDatagramsAreNotSaidToBeNone) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.sends_visible = true;
  EXPECT_EQ(CheckReceived(o, TermsOf(o))
                .Text()
                .rfind("client.py never sent a datagram to the reference "
                       "server at port 40000, ",
                       0),
            0u)
      << CheckReceived(o, TermsOf(o)).Text();
  o.sends_visible = false;
  EXPECT_EQ(CheckReceived(o, TermsOf(o))
                .Text()
                .rfind("No datagram from client.py reached the reference "
                       "server at port 40000, ",
                       0),
            0u)
      << CheckReceived(o, TermsOf(o)).Text();
}

TEST(Received, ALineSentWithoutItsNewlineIsNamedWhenNoAnswerCame) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.connections = {Received("hello world")};
  Finding f = CheckUnterminatedSend(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNoNewline) << f.Text();
  ExpectWords(f);
  o.connections[0].received = "hello world\n";
  EXPECT_TRUE(CheckUnterminatedSend(o, TermsOf(o)).ok());
}

// scanf("%s") reads one word: the line the server got is the first word of the one expected.
TEST(Received, TheFirstWordAloneIsToldAsScanf) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.connections = {Received("hello")};
  Finding f = CheckUnterminatedSend(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNoNewline);
  ExpectWords(f);
}

TEST(Received, ALineSentBeforeTheAnswerToTheLastIsRunTogether) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  EXPECT_TRUE(CheckSentAhead(o).ok());
  o.sent_ahead = std::pair<std::string, std::string>{"one", "two"};
  Finding f = CheckSentAhead(o);
  EXPECT_EQ(f.code, Code::kRunTogether);
  EXPECT_EQ(f.Text().rfind("client.py sent 'two' before the answer to 'one' came back.", 0), 0u)
      << f.Text();
}

}  // namespace
}  // namespace netgrade::check
