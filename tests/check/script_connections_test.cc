// A failed script step names the connections it is about as the lab does: which client sent
// last, unnamed clients by their order, a program in the middle's browser and origin, and what
// came too soon or after a crash. Judged on observations built by hand (script_case.h).
#include <gtest/gtest.h>

#include "harness/check/judge.h"
#include "harness/check/script_checks.h"
#include "tests/check/script_case.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using namespace netgrade::check::script_test;
using testing_support::ExpectWords;

// A chat server's line from b, expected on a: the words say what b sent, not what a sent
// last (an echo of a's own line had read "After the reference client sent 'hello from a'").
TEST(CheckScript, TheLastSendOnAnotherConnectionIsWhatTheStepCameAfter) {
  Case c(true);
  peers::ScriptFailure f = Failure(Kind::kWrongAnswer);
  f.on = "a";
  f.sent = "hello from a";
  f.last_send = "hi from b";
  f.last_send_on = "b";
  f.expected = "a line matching /hi from b$/";
  f.expected_text.reset();
  f.received = "hello from a";
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_TRUE(Says(out,
                   "After the reference client sent 'hi from b' on connection b, it "
                   "expected a line matching /hi from b$/ and got 'hello from a'"))
      << out.Text();
  ASSERT_TRUE(out.difference.has_value());
  EXPECT_EQ(out.difference->sent, "hi from b");
}

// A program in the middle (a proxy): the client's request on a, then the server's expect on
// o, the connection the program opened: each side is named for what it is.
TEST(CheckScript, InTheMiddleTheClientSentAndTheServerExpected) {
  Case c(true);
  peers::ScriptFailure f = Failure(Kind::kWrongAnswer);
  f.on = "o";
  f.on_server = true;
  f.sent.reset();
  f.last_send = "GET http://origin.test:9/ HTTP/1.1";
  f.last_send_on = "a";
  f.expected = "a line matching /^GET / HTTP/";
  f.expected_text.reset();
  f.received = "GET http://origin.test:9/ HTTP/1.0";
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_TRUE(Says(out,
                   "After the reference client sent 'GET http://origin.test:9/ HTTP/1.1' on "
                   "connection a, the reference server expected a line matching /^GET / HTTP/ "
                   "and got 'GET http://origin.test:9/ HTTP/1.0'"))
      << out.Text();
  EXPECT_EQ(out.code, Code::kWrongContent);
}

TEST(CheckScript, AConnectionWhereNoneShouldComeIsUnwantedConnectionWithItsHint) {
  Case c(true);
  peers::ScriptFailure f = Failure(Kind::kUnwantedConnection, End::kImmediate);
  f.step_name = "no_connection";
  f.on = "o2";
  f.on_server = true;
  f.hint = "Keep each 200 answer under its whole URL.";
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kUnwantedConnection);
  ExpectWords(out, "script unknown");
  // With the case's script known: the connection by its order, never the label.
  for (const char* on : {"o", "o2"}) {
    spec::Step s;
    s.action =
        on == std::string("o") ? spec::Step::Action::kAccept : spec::Step::Action::kNoConnection;
    s.on = on;
    c.test.script.push_back(s);
  }
  out = CheckScript(c.obs, TermsOf(c.obs));
  ExpectWords(out, "script known");             // with the hint
  EXPECT_FALSE(Says(out, "o2")) << out.Text();  // the test's point: never the label
}

// Clients netgrade plays that the spec leaves unnamed are told by their order ("the third
// client"), a lone one as "the reference client": a student never reads a spec's label.
TEST(CheckScript, UnnamedClientsAreToldByTheirOrder) {
  Case c(true);
  for (const char* on : {"c1", "c2", "c3"}) {
    spec::Step s;
    s.action = spec::Step::Action::kConnect;
    s.on = on;
    c.test.script.push_back(s);
  }
  peers::ScriptFailure f = Failure(Kind::kOneClientAtATime, End::kAtRest);
  f.on = "c3";
  f.silent = "c1";
  f.unaccepted = true;
  f.other_seen = true;
  f.sent = "zesty";
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kOneClientAtATime) << out.Text();
  ExpectWords(out);
  EXPECT_FALSE(Says(out, "c3")) << out.Text();  // the test's point: by order, never the label

  Case lone(true);
  spec::Step s;
  s.action = spec::Step::Action::kConnect;
  s.on = "b";
  lone.test.script.push_back(s);
  lone.obs.script_failure = Failure(Kind::kWrongAnswer, End::kImmediate);
  lone.obs.script_failure->received = "x";
  EXPECT_TRUE(Says(CheckScript(lone.obs, TermsOf(lone.obs)),
                   "expect on the reference client's connection."))
      << CheckScript(lone.obs, TermsOf(lone.obs)).Text();
  // A UDP lab has no connections: its client is a socket.
  lone.spec.protocol = spec::Protocol::kUdp;
  EXPECT_TRUE(
      Says(CheckScript(lone.obs, TermsOf(lone.obs)), "expect on the reference client's socket."))
      << CheckScript(lone.obs, TermsOf(lone.obs)).Text();
}

// Where the spec names its connections (connection_names), the words use the lab's names for
// both sides, never "the reference server" nor the labels, and never the spec's line number.
TEST(CheckScript, AProgramInTheMiddleHearsOfTheBrowserAndTheOriginByName) {
  Case c(true);
  c.role.name = "proxy";
  c.spec.connection_names = {{"a", "browser"}, {"o", "origin"}, {"o2", "origin"}};
  peers::ScriptFailure f = Failure(Kind::kWrongAnswer, End::kImmediate);
  f.on = "o";
  f.on_server = true;
  f.sent.reset();
  f.last_send = "GET http://www.example.com/index.html HTTP/1.1";
  f.last_send_on = "a";
  f.expected = "a line matching /^GET /index\\.html HTTP/1\\.[01]$/";
  f.expected_text.reset();
  f.received = "GET http://www.example.com/index.html HTTP/1.0";
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  ExpectWords(out, "wrong answer");
  // The test's point: the browser and the origin by name, never the script's labels.
  for (const char* never : {"reference", "line 42", "connection a", " on o", " o."})
    EXPECT_FALSE(Says(out, never)) << never << ": " << out.Text();
  f = Failure(Kind::kUnwantedConnection, End::kImmediate);
  f.step_name = "no_connection";
  f.on = "o2";
  f.on_server = true;
  c.obs.script_failure = f;
  out = CheckScript(c.obs, TermsOf(c.obs));
  ExpectWords(out, "unwanted connection");
  f = Failure(Kind::kNoConnection);
  f.step_name = "accept";
  f.on = "o";
  f.on_server = true;
  c.obs.script_failure = f;
  out = CheckScript(c.obs, TermsOf(c.obs));
  ExpectWords(out, "no connection");  // a name that begins a sentence begins with a capital
  f = Failure(Kind::kUnwantedConnection, End::kImmediate);
  f.step_name = "no_connection";
  f.on = "o2";
  f.on_server = true;
  c.obs.script_failure = f;
  // A role's own names come first: its `o2` is another peer than the spec's.
  c.role.connection_names = {{"o2", "mirror"}};
  EXPECT_TRUE(
      Says(CheckScript(c.obs, TermsOf(c.obs)), "opened a connection to the mirror where none"))
      << CheckScript(c.obs, TermsOf(c.obs)).Text();
}

// `expect: nothing` on a reference server: what came is the client's next command, sent too
// soon, not an answer (an SMTP client that sends HELO before the greeting).
TEST(CheckScript, SomethingTooSoonIsAnAnswerToAClientAndACommandFromOne) {
  Case server(true);
  peers::ScriptFailure f = Failure(Kind::kUnexpectedAnswer);
  f.received = "SECOND SPEAKS FIRST";
  server.obs.script_failure = f;
  EXPECT_TRUE(Says(CheckScript(server.obs, TermsOf(server.obs)),
                   "expected no answer and got 'SECOND SPEAKS FIRST'"))
      << CheckScript(server.obs, TermsOf(server.obs)).Text();
  Case client(false);
  f.sent.reset();
  f.received = "HELO mypc";
  client.obs.script_failure = f;
  Finding out = CheckScript(client.obs, TermsOf(client.obs));
  EXPECT_EQ(out.code, Code::kExtraMessage);
  EXPECT_TRUE(Says(out,
                   "The reference server expected nothing from client.py yet and got 'HELO "
                   "mypc'"))
      << out.Text();
}

TEST(CheckScript, AProgramThatCrashedIsToldSoAfterTheStep) {
  Case c(true);
  c.obs.script_failure = Failure(Kind::kNoAnswer, End::kClosed);
  c.obs.program.exited = true;
  c.obs.program.status = 1;
  c.obs.program.stderr_text = "ConnectionResetError: [Errno 104] Connection reset by peer\n";
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kCrashed);
  EXPECT_TRUE(Says(out, "The case's script was at step 4: expect on connection b.")) << out.Text();
}

}  // namespace
}  // namespace netgrade::check
