// A sender that stopped on its own before connecting, saying why: what it printed leads the
// never_connected it got, with where netgrade puts the files when it could not find one; left
// alone when it printed nothing, crashed, or did connect.
#include "harness/check/own_words.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using observed_test::TermsOf;
using testing_support::ExpectWords;

constexpr const char* kSpec = R"(exercise: own-words-test
title: own words test
protocol: tcp
roles:
  sender:
    listens: false
    argv: ["{host}", "{port}"]
files:
  - {path: hello.txt, text: "hello there\n", roles: [sender]}
cases:
  - name: sender-file
    role: sender
    stdin: [hello.txt]
    peer:
      reply: "OK"
    expect:
      received: stdin
)";

class OwnWordsTest : public testing::Test {
 protected:
  void SetUp() override {
    spec::LoadResult r = spec::LoadSpecString(kSpec, "own-words-test.yaml");
    ASSERT_TRUE(r.ok());
    spec_ = std::move(*r.spec);
  }

  observe::Observation Exited(const std::string& stdout_text, int status = 0) {
    observe::Observation o;
    o.spec = &spec_;
    o.test = &spec_.cases[0];
    o.role = spec_.FindRole("sender");
    o.port = 40123;
    o.program.display_name = "sender.py";
    o.program.exited = true;
    o.program.status = status;
    o.stdout_text = stdout_text;
    return o;
  }

  spec::Spec spec_;
};

const Finding kNever{Code::kNeverConnected,
                     "the reference server expected a connection from sender.py and none came."};

TEST_F(OwnWordsTest, WhatItPrintedLeadsThenWhereTheFilesAre) {
  Finding f = StoppedInItsOwnWords(Exited("Error: File 'files/hello.txt' not found.\n"), kNever);
  EXPECT_EQ(f.code, Code::kNeverConnected);
  EXPECT_EQ(f.cause,
            "sender.py printed 'Error: File 'files/hello.txt' not found.' and exited with status "
            "0: it stopped on its own, before it ever connected to the reference server.");
  EXPECT_EQ(f.fix,
            "netgrade puts the files it is asked for in its folder, its working directory, under "
            "the names given on its input ('hello.txt'): open each by its name as given, with no "
            "folder before it.");
  EXPECT_EQ(f.notes, std::vector<std::string>{"What followed: " + kNever.Text()});
}

TEST_F(OwnWordsTest, AnotherMessageLeadsWithoutAdviceOnFiles) {
  Finding f = StoppedInItsOwnWords(Exited("Connecting...\nNothing to send.\n"), kNever);
  EXPECT_EQ(f.cause.rfind("sender.py printed 'Nothing to send.' and exited with status 0", 0), 0u)
      << f.cause;
  EXPECT_TRUE(f.fix.empty()) << f.fix;
  ASSERT_EQ(f.notes.size(), 2u);
  EXPECT_NE(f.notes[0].find("    Connecting...\n    Nothing to send.\n"), std::string::npos)
      << f.notes[0];
}

TEST_F(OwnWordsTest, LeftAloneWhenSilentCrashedOrConnected) {
  EXPECT_TRUE(StoppedInItsOwnWords(Exited("\n"), kNever).ok());
  EXPECT_TRUE(StoppedInItsOwnWords(Exited("Error: File 'x' not found.\n", 1), kNever).ok());
  observe::Observation o = Exited("Error: File 'x' not found.\n");
  EXPECT_TRUE(StoppedInItsOwnWords(o, Finding{Code::kMissingMessage, "x"}).ok());
  o.connections.emplace_back();
  EXPECT_TRUE(StoppedInItsOwnWords(o, kNever).ok());
}

// A server that stopped on its own with a message of its own and no traceback: its words
// lead; one that cannot reach the network is told to bind to every address.
TEST_F(OwnWordsTest, AServerThatStoppedInItsOwnWordsIsToldThem) {
  spec_.roles[0].listens = true;
  observe::Observation o = Exited(
      "Server is starting.\nError getting local IP: [Errno 101] Network is unreachable\n", 1);
  const Finding crashed{Code::kCrashed, "sender.py exited with status 1 before the case was over."};
  Finding f = ListenerStoppedInItsOwnWords(o, crashed, TermsOf(o));
  EXPECT_EQ(f.code, Code::kCrashed);
  EXPECT_EQ(f.cause,
            "sender.py printed 'Error getting local IP: [Errno 101] Network is unreachable' and "
            "exited with status 1: it stopped on its own before the case was over.");
  ExpectWords(f);
  // A traceback is the crash's own to tell.
  o.program.stderr_text =
      "  File \"server.py\", line 4\n    x = = 1\nSyntaxError: invalid syntax\n";
  EXPECT_TRUE(ListenerStoppedInItsOwnWords(o, crashed, TermsOf(o)).ok());
  // A client's is StoppedInItsOwnWords'.
  spec_.roles[0].listens = false;
  observe::Observation client = Exited("Error\n", 1);
  EXPECT_TRUE(ListenerStoppedInItsOwnWords(client, crashed, TermsOf(client)).ok());
}

}  // namespace
}  // namespace netgrade::check
