// Whether a crash or the wrong content leads a diagnosis (and CrashThen, a kind with no peer
// explaining wrong content by a crash first), on observations built by hand.
#include "harness/check/crash_or_content.h"

#include <gtest/gtest.h>

#include <csignal>

#include "tests/check/observed_case.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;
using testing_support::ExpectWords;

const Finding kNeverConnected{Code::kNeverConnected,
                              "client never connected to the reference server at port 40000."};

TEST(CrashOrContent, WithoutACrashTheContentStands) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "client-line", 40000);
  EXPECT_TRUE(CrashOverContent(o, kNeverConnected, false, TermsOf(o)).ok());
}

// A C client that ignores a failed connect() dies of SIGPIPE on its first write; its own
// "connect error" is on stdout, and that is what it is told about.
TEST(CrashOrContent, ABrokenPipeWithoutAConnectionIsAFailedConnect) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = CrashedClient(*s, SIGPIPE);
  o.stdout_text = "connect error!!\nInput lowercase sentence: ";
  Finding f = CrashOverContent(o, kNeverConnected, false, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNeverConnected) << f.Text();
  EXPECT_EQ(f.Text().rfind(kNeverConnected.Text() + " client was killed by signal", 0), 0u)
      << f.Text();
  ASSERT_EQ(f.notes.size(), 1u) << f.Text();
  ExpectWords(f);
}

// Connected, then SIGPIPE with no word of connect(): still a crash, with its stdout shown.
TEST(CrashOrContent, ABrokenPipeAfterConnectingShowsStdout) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = CrashedClient(*s, SIGPIPE);
  o.stdout_text = "sent 6 bytes\n";
  Finding f = CrashOverContent(o, Finding{Code::kWrongContent, "wrong"}, false, TermsOf(o));
  EXPECT_EQ(f.code, Code::kCrashed) << f.Text();
  ASSERT_EQ(f.notes.size(), 1u) << f.Text();
  // Not a failed connect: the block, the whole text, has no word of connect().
  ExpectWords(f);
}

// A server that wrote after the reference client had hung up, its plan done: the broken pipe
// is the grader's doing, and the content is the student's.
TEST(CrashOrContent, ABrokenPipeAfterThePeerClosedLeavesTheContent) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.program.exited = true;
  o.program.status = 1;
  o.program.stderr_text = "BrokenPipeError: [Errno 32] Broken pipe\n";
  o.connections = {Answered({"first line"}, "FIRST LINE\n")};
  Finding content{Code::kMissingMessage, "missing"};
  EXPECT_TRUE(CrashOverContent(o, content, false, TermsOf(o)).ok());
  o.connections[0].complete = false;
  EXPECT_FALSE(CrashOverContent(o, content, false, TermsOf(o)).ok())
      << "its plan not done: the crash leads";
}

TEST(CrashOrContent, ARefusedConnectIsToldAsAPortWrittenInTheProgram) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "client-line", 40000);
  o.program.display_name = "client.py";
  o.program.exited = true;
  o.program.status = 1;
  o.program.stderr_text = "ConnectionRefusedError: [Errno 111] Connection refused\n";
  Finding f = CrashOverContent(o, kNeverConnected, false, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNeverConnected);
  EXPECT_EQ(f.Text().rfind(kNeverConnected.Text() + " Its connect() was refused: nothing listens "
                                                    "where it connected.",
                           0),
            0u)
      << f.Text();
}

// Its messages went to another port: that leads, and the crash follows it.
TEST(CrashOrContent, ContentThatWentElsewhereLeadsItsCrash) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = CrashedClient(*s, SIGSEGV);
  Finding elsewhere{Code::kWrongPort, "client sent its datagrams to port 12000."};
  Finding f = CrashOverContent(o, elsewhere, true, TermsOf(o));
  EXPECT_EQ(f.code, Code::kWrongPort);
  EXPECT_EQ(f.Text().rfind(elsewhere.Text() + " ", 0), 0u) << f.Text();
  ASSERT_EQ(f.notes.size(), 1u) << f.Text();
  EXPECT_NE(f.notes[0].find("signal 11"), std::string::npos) << f.notes[0];
}

// For a kind with no peer: a crash explains wrong content first, then the kind's own reading;
// with neither, nothing better (the content stands).
TEST(CrashThen, ACrashLeadsThenTheKindsOwnReading) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  int own_calls = 0;
  auto explain = CrashThen(SocketTerms{}, [&own_calls](const Observation&, const Finding&) {
    ++own_calls;
    return Finding{Code::kWrongContent, "the kind's own reading"};
  });
  Content wrong{.finding = Finding{Code::kMissingMessage, "nothing came"}};
  EXPECT_EQ(explain(CrashedClient(*s, SIGSEGV), wrong).code, Code::kCrashed);
  EXPECT_EQ(own_calls, 0) << "a crash is told before the kind's reading";
  Observation ran = Observe(*s, "client-line", 40000);
  Finding own = explain(ran, wrong);
  EXPECT_EQ(own.cause, "the kind's own reading");
  EXPECT_EQ(own_calls, 1);
  EXPECT_TRUE(CrashThen(SocketTerms{}, nullptr)(ran, wrong).ok());
}

}  // namespace
}  // namespace netgrade::check
