// A case's failed script step in words, judged on observations built by hand.
#include "harness/check/script_checks.h"

#include <gtest/gtest.h>

#include "tests/check/script_case.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using observed_test::Judge;
using namespace netgrade::check::script_test;
using testing_support::ExpectWords;

// A step a `repeat` copied names its round: the line alone would not say which time failed.
TEST(CheckScript, ARepeatedStepNamesItsRound) {
  Case c(true);
  peers::ScriptFailure f = Failure(Kind::kWrongAnswer, End::kImmediate);
  f.round = ", round 3 of 5";
  f.received = "second speaks first";
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  // Where the script was is a note after the diagnosis, never its first words (the block).
  ExpectWords(out);
}

TEST(CheckScript, NoScriptOrAScriptPlayedToItsEndIsFine) {
  Case c(true);
  EXPECT_TRUE(CheckScript(c.obs, TermsOf(c.obs)).ok());
}

TEST(CheckScript, ABlockingServerIsToldWhichClientWaitedOnWhichWithTheStepsLineAndHint) {
  Case c(true);
  peers::ScriptFailure f = Failure(Kind::kOneClientAtATime);
  f.silent = "a";
  f.other_silent = true;
  f.hint = "use select()";
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kOneClientAtATime);
  EXPECT_TRUE(Says(out, "The case's script was at step 4: expect on connection b.")) << out.Text();
  EXPECT_TRUE(Says(out,
                   "Client b got no answer to 'second speaks first': your server never read "
                   "its line while client a was connected and silent, and it was seen waiting "
                   "in recv() on client a: your server blocks in recv() on one client"))
      << out.Text();
  EXPECT_TRUE(Says(out, "use select()")) << out.Text();
  EXPECT_EQ(Judge(c.obs).code, Code::kOneClientAtATime) << "the judge asks the script first";
}

// The server blocked on client a had spoken with a and answered it: a is not called silent,
// and a connection it never accepted is told so.
TEST(CheckScript, TheClientItBlocksOnIsNotCalledSilentWhenItSpoke) {
  Case c(true);
  peers::ScriptFailure f = Failure(Kind::kOneClientAtATime);
  f.silent = "a";
  f.unaccepted = true;
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_TRUE(Says(out,
                   "your server had not even accepted its connection while client a was "
                   "connected, and it was seen waiting in recv() on client a"))
      << out.Text();
  EXPECT_FALSE(Says(out, "silent")) << out.Text();
}

// A refused connection is "not listening again" only after the script started the program
// again; before, a running server that refuses has stopped listening, and one that exited
// stopped early.
// A receiver that took what one recv() returned for the whole file and closed: the script's
// send of the rest may fail (the close reset the connection) or may have gone into the socket
// first, as the moment has it. Either way the file it wrote is the verdict, in the same words:
// not "no answer" one time and "file differs" the next.
TEST(CheckScript, ASendCutByTheProgramsCloseIsJudgedByTheFileItWrote) {
  Case c(true);
  spec::GivenFile given;
  given.path = "photo.bin";
  given.content = std::string(3000, 'x');
  given.peer_only = true;
  c.spec.files.push_back(given);
  spec::ExpectedFile expected;
  expected.path = "photo.bin";
  expected.same_as = "photo.bin";
  c.test.expect.files.push_back(expected);
  c.obs.files_looked = true;
  observe::WrittenFile w;
  w.path = "photo.bin";
  w.exists = true;
  w.bytes = std::string(1000, 'x');
  w.size = w.bytes.size();
  c.obs.written_files = {w};
  peers::ScriptFailure f = Failure(Kind::kSendFailed, End::kReset);
  f.step_name = "send";
  c.obs.script_failure = f;
  Finding out = Judge(c.obs);
  EXPECT_EQ(out.code, Code::kFileDiffers) << out.Text();
  EXPECT_FALSE(Says(out, "could not send"))
      << "a note one run has and the next not: " << out.Text();
  // A send that failed with the file right (or none expected) is still the script's.
  c.obs.written_files[0].bytes = given.content;
  c.obs.written_files[0].size = given.content.size();
  EXPECT_EQ(Judge(c.obs).code, Code::kNoAnswer);
}

// A client that was to write a file and crashed first (an HTTP client's ValueError) is told
// by its exception, the missing file a note; one that exited with status 0 is told the file.
TEST(CheckScript, AProgramThatCrashedBeforeWritingItsFileIsToldItsCrash) {
  Case c(false);
  spec::ExpectedFile expected;
  expected.path = "index.html";
  c.test.expect.files.push_back(expected);
  c.obs.files_looked = true;
  observe::WrittenFile none;
  none.path = "index.html";
  c.obs.written_files = {none};
  c.obs.program.exited = true;
  c.obs.program.status = 1;
  c.obs.program.stderr_text =
      "Traceback (most recent call last):\n  File \"client.py\", line 9, in <module>\n"
      "    length = int(head)\nValueError: invalid literal for int() with base 10: 'HTTP/1.0'\n";
  Finding out = Judge(c.obs);
  EXPECT_EQ(out.code, Code::kCrashed) << out.Text();
  EXPECT_TRUE(Says(out, "ValueError: invalid literal for int()")) << out.Text();
  EXPECT_TRUE(Says(out, "wrote no file 'index.html'")) << "the file, as a note: " << out.Text();
  c.obs.program.status = 0;
  c.obs.program.stderr_text.clear();
  EXPECT_EQ(Judge(c.obs).code, Code::kFileMissing);
  // Still running, at rest in recv() when the case ended: where it waited is said.
  c.obs.program.exited = false;
  c.obs.at_rest_in = "recv";
  c.obs.peer_state = "the reference server had sent its answer";
  out = Judge(c.obs);
  EXPECT_EQ(out.code, Code::kFileMissing);
  EXPECT_TRUE(Says(out, "client.py was blocked in recv() with nothing on its way to it"))
      << out.Text();
}

TEST(CheckScript, ARefusedConnectIsNotListeningAgainOnlyAfterAScriptedRestart) {
  Case c(true);
  peers::ScriptFailure f = Failure(Kind::kRefused, End::kImmediate);
  f.step_name = "connect";
  f.detail = "Connection refused";
  c.obs.script_failure = f;
  EXPECT_EQ(CheckScript(c.obs, TermsOf(c.obs)).code, Code::kStoppedListening);
  c.obs.program.exited = true;
  c.obs.program.status = 0;
  EXPECT_EQ(CheckScript(c.obs, TermsOf(c.obs)).code, Code::kStoppedEarly);
  c.obs.program.exited = false;
  c.obs.restart.starts = 1;
  EXPECT_EQ(CheckScript(c.obs, TermsOf(c.obs)).code, Code::kNotListeningAgain);
}

TEST(CheckScript, AWrongAnswerIsWrongContentWithItsDifference) {
  Case c(true);
  peers::ScriptFailure f = Failure(Kind::kWrongAnswer, End::kImmediate);
  f.received = "second speaks first";
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kWrongContent);
  ASSERT_TRUE(out.difference.has_value());
  EXPECT_EQ(out.difference->sent, "second speaks first");
  EXPECT_EQ(out.difference->expected, "SECOND SPEAKS FIRST");
  EXPECT_EQ(out.difference->received, "second speaks first");
  EXPECT_TRUE(Says(out, "expected 'SECOND SPEAKS FIRST' and got 'second speaks first'"))
      << out.Text();
}

TEST(CheckScript, NoAnswerSaysHowTheWaitEnded) {
  Case c(true);
  c.obs.script_failure = Failure(Kind::kNoAnswer, End::kClosed);
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kNoAnswer);
  EXPECT_TRUE(Says(out, "got nothing: server.py closed the connection")) << out.Text();
  ASSERT_TRUE(out.difference.has_value());
  EXPECT_EQ(out.difference->received, std::nullopt);
}

// A client that closed the connection and opened another for the rest: the words say it
// connected again and sent the line expected there, which "closed the connection" alone hid.
// A connection the peer opened itself (the program a server) is no reconnect.
TEST(CheckScript, AClientThatClosedAndConnectedAgainIsToldSoWithWhatItSentThere) {
  Case c(false);
  peers::ScriptFailure f = Failure(Kind::kNoAnswer, End::kClosed);
  f.log_index = 0;
  c.obs.connections.resize(2);
  c.obs.connections[0].remote = "127.0.0.1:40001";
  c.obs.connections[0].eof = true;
  c.obs.connections[1].remote = "127.0.0.1:40002";
  c.obs.connections[1].received = "SECOND SPEAKS FIRST\n";
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_TRUE(Says(out,
                   "client.py closed the connection, then connected again and sent "
                   "'SECOND SPEAKS FIRST' on the new connection."))
      << out.Text();

  // The expected line inside another line is not it.
  c.obs.connections[1].received = "NOT SECOND SPEAKS FIRST\n";
  out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_TRUE(Says(out, "client.py closed the connection, then connected again.")) << out.Text();

  c.obs.connections[1].received = "something else\n";
  out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_TRUE(Says(out, "client.py closed the connection, then connected again.")) << out.Text();

  c.obs.connections.pop_back();
  out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_TRUE(Says(out, "client.py closed the connection.")) << out.Text();

  Case server(true);
  server.obs.script_failure = f;
  server.obs.connections.resize(2);  // both opened by the peer: no remote address
  server.obs.connections[1].received = "SECOND SPEAKS FIRST\n";
  out = CheckScript(server.obs, TermsOf(server.obs));
  EXPECT_TRUE(Says(out, "server.py closed the connection.")) << out.Text();
}

// `expect: nothing`, and the program crashed meanwhile: that step held (nothing came); the
// crash and its traceback lead, never "expected nothing and got nothing" as if it failed.
TEST(CheckScript, AnExpectNothingThatHeldIsSaidToHaveHeldAndTheCrashLeads) {
  Case c(true);
  c.test.script.resize(6);  // steps 5 and 6 were left
  peers::ScriptFailure f = Failure(Kind::kNoAnswer, End::kCaseEnded);
  f.expected = "nothing";
  f.expected_text.reset();
  c.obs.script_failure = f;
  c.obs.program.exited = true;
  c.obs.program.status = 1;
  c.obs.program.program_path = "/sub/server.py";
  c.obs.program.stderr_text =
      "Traceback (most recent call last):\n  File \"/sub/server.py\", line 10, in <module>\n"
      "    print(words[5])\nIndexError: list index out of range\n";
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kCrashed) << out.Text();
  EXPECT_EQ(out.Text().rfind("server.py, line 10 raised IndexError", 0), 0u) << out.Text();
  EXPECT_TRUE(Says(out,
                   "expected nothing, and nothing came: that step held, but the script had "
                   "steps left"))
      << out.Text();
  EXPECT_FALSE(Says(out, "got nothing")) << out.Text();
}

// The same when `expect: nothing` is the script's last step: it held, and no step was left,
// so none is said to be; the crash still leads.
TEST(CheckScript, AnExpectNothingThatHeldAsTheLastStepSaysNoStepsWereLeft) {
  Case c(true);
  c.test.script.resize(4);  // the failure is at step 4 of 4
  peers::ScriptFailure f = Failure(Kind::kNoAnswer, End::kCaseEnded);
  f.expected = "nothing";
  f.expected_text.reset();
  c.obs.script_failure = f;
  c.obs.program.exited = true;
  c.obs.program.status = 1;
  c.obs.program.program_path = "/sub/server.py";
  c.obs.program.stderr_text =
      "Traceback (most recent call last):\n  File \"/sub/server.py\", line 10, in <module>\n"
      "    qid, name = words\nValueError: not enough values to unpack (expected 2, got 1)\n";
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kCrashed) << out.Text();
  EXPECT_EQ(out.Text().rfind("server.py, line 10 raised ValueError", 0), 0u) << out.Text();
  EXPECT_TRUE(Says(out, "expected nothing, and nothing came: that step held")) << out.Text();
  EXPECT_FALSE(Says(out, "steps left")) << out.Text();
}

// UDP: nothing came back to the script's socket, and the server was seen answering to a
// port where nothing listens (127.0.0.1:5354 written in it): reply_to_fixed_address, as
// outside scripts, with where its answers went; never a bare no_answer.
TEST(CheckScript, AUdpServerAnsweringAFixedAddressIsToldSoNotNoAnswer) {
  Case c(true);
  c.spec.protocol = spec::Protocol::kUdp;
  c.obs.script_failure = Failure(Kind::kNoAnswer);
  Finding before = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(before.code, Code::kNoAnswer) << before.Text();  // nothing seen: no guess
  observe::StraySend answer;
  answer.proto = observe::SocketProto::kUdp;
  answer.to_address = "127.0.0.1";
  answer.to_port = 5354;
  answer.from_port = 40000;
  c.obs.stray_sends.push_back(answer);
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kReplyToFixedAddress) << out.Text();
  EXPECT_EQ(out.Text().rfind("server.py sent its answers to port 5354, where nothing listens.", 0),
            0u)
      << out.Text();
  EXPECT_TRUE(Says(out, "not to an address written in the program")) << out.Text();
  // Over TCP the same sends say nothing of the kind.
  c.spec.protocol = spec::Protocol::kTcp;
  EXPECT_EQ(CheckScript(c.obs, TermsOf(c.obs)).code, Code::kNoAnswer);
}

TEST(CheckScript, AClientThatDoesNotComeBackAfterTheRestartIsNoReconnect) {
  Case c(false);
  peers::ScriptFailure f;
  f.kind = Kind::kNoReconnect;
  f.end = End::kAtRest;
  f.step = 7;
  f.line = 30;
  f.step_name = "accept";
  f.on = "c2";
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kNoReconnect);
  ExpectWords(out, "alive");
  // Dead of the restart: still told to come back, and why it died.
  c.obs.program.exited = true;
  c.obs.program.status = 1;
  c.obs.program.stderr_text = "BrokenPipeError: [Errno 32] Broken pipe\n";
  out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kNoReconnect);
  ExpectWords(out, "dead");  // the whole text: why it died, and no 'seen waiting'
}

TEST(CheckScript, NotListeningAgainAndTheGradersOwnProblem) {
  Case c(true);
  peers::ScriptFailure f;
  f.kind = Kind::kNotListeningAgain;
  f.step_name = "listening";
  f.step = 3;
  c.obs.script_failure = f;
  EXPECT_EQ(CheckScript(c.obs, TermsOf(c.obs)).code, Code::kNotListeningAgain);
  f.kind = Kind::kGrader;
  f.detail = "no control";
  c.obs.script_failure = f;
  EXPECT_EQ(CheckScript(c.obs, TermsOf(c.obs)).code, Code::kGraderProblem);
}

// `until: waiting` was under way when the case ended: a server that exited meanwhile is told
// by its exit (the web server that serves one request), never as the grader's problem; a
// client that exited with steps left is stopped_early; a program still running is the grader's.
TEST(CheckScript, ACaseThatEndedOnTheProgramsExitDuringUntilWaitingIsToldByTheExit) {
  peers::ScriptFailure f;
  f.kind = Kind::kCaseEndedFirst;
  f.end = End::kCaseEnded;
  f.step = 7;
  f.line = 48;
  f.step_name = "until waiting";
  f.detail = "the step had not ended";
  Case server(true);
  ExitedServer(server, f);
  Finding out = CheckScript(server.obs, TermsOf(server.obs));
  EXPECT_EQ(out.code, Code::kStoppedEarly);
  EXPECT_TRUE(Says(out, kServersExit)) << out.Text();

  Case client(false);
  client.test.expect.exit = spec::ExitRule::kRequired;
  client.obs.script_failure = f;
  client.obs.program.exited = true;
  client.obs.program.status = 0;
  out = CheckScript(client.obs, TermsOf(client.obs));
  EXPECT_EQ(out.code, Code::kStoppedEarly);
  EXPECT_TRUE(Says(out, "The case's script was at step 7: until waiting.")) << out.Text();
  EXPECT_TRUE(Says(out, "client.py exited with status 0 before the script was over")) << out.Text();

  client.obs.program.exited = false;
  EXPECT_EQ(CheckScript(client.obs, TermsOf(client.obs)).code, Code::kGraderProblem);
}

// The next client's connection refused by a server that has exited (its listening socket was
// closed before the grader saw the exit): the exit is what to fix, not "it was not listening".
TEST(CheckScript, AConnectionRefusedByAServerThatHadExitedIsToldByTheExit) {
  peers::ScriptFailure f = Failure(Kind::kRefused);
  f.detail = "the connection was never set up";
  Case server(true);
  ExitedServer(server, f);
  Finding out = CheckScript(server.obs, TermsOf(server.obs));
  EXPECT_EQ(out.code, Code::kStoppedEarly);
  EXPECT_TRUE(Says(out, kServersExit)) << out.Text();

  server.obs.program.exited = false;  // still running: it was not listening
  out = CheckScript(server.obs, TermsOf(server.obs));
  EXPECT_TRUE(Says(out, "it was not listening")) << out.Text();
}

// A failed step's words keep their shape (issue 48): two wrong answers to two lines, from two
// programs, are two texts in one shape; how the wait ended is the maker's words in it.
TEST(CheckScript, AStepsWordsForTwoLinesHaveOneShape) {
  Case one(true), other(true);
  peers::ScriptFailure f = Failure(Kind::kWrongAnswer, End::kImmediate);
  f.received = "second speaks first";
  one.obs.script_failure = f;
  f.sent = "zebra crossing";
  f.expected = "'ZEBRA CROSSING'";
  f.expected_text = "ZEBRA CROSSING";
  f.received = "zebra crossing";
  other.obs.script_failure = f;
  other.obs.program.display_name = "tcp_server.py";
  Finding a = CheckScript(one.obs, TermsOf(one.obs));
  Finding b = CheckScript(other.obs, TermsOf(other.obs));
  EXPECT_NE(a.cause, b.cause);
  EXPECT_FALSE(a.cause.shape().empty());
  EXPECT_EQ(a.cause.shape(), b.cause.shape());
  EXPECT_EQ(a.cause.shape().find("zebra"), std::string::npos) << a.cause.shape();

  Case closed(true), waiting(true);
  closed.obs.script_failure = Failure(Kind::kNoAnswer, End::kClosed);
  waiting.obs.script_failure = Failure(Kind::kNoAnswer, End::kCaseEnded);
  waiting.obs.program.display_name = "other.py";
  Finding c = CheckScript(closed.obs, TermsOf(closed.obs));
  Finding w = CheckScript(waiting.obs, TermsOf(waiting.obs));
  EXPECT_NE(c.cause.shape(), w.cause.shape()) << c.cause.shape();
  EXPECT_NE(c.cause.shape().find(": {} closed the connection"), std::string::npos)
      << c.cause.shape();
  EXPECT_NE(w.cause.shape().find("got nothing before the case ended."), std::string::npos)
      << w.cause.shape();
}

}  // namespace
}  // namespace netgrade::check
