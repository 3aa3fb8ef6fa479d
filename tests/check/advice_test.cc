// Advice written for the capitalize exercises ("catch EOFError", "use upper()", "send the
// same line again") is given where it fits and not elsewhere: each test judges the same
// mistake in a case where it applies and in one of another exercise, spec loaded from text.
#include "harness/check/advice.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/check/udp_timeout.h"
#include "harness/spec/load.h"
#include "tests/check/socket_judge.h"

namespace netgrade::check {
namespace {
using observed_test::Judge;
namespace fs = std::filesystem;
using observe::Observation;

// A capitalize client (lines on stdin, upper-cased answers), a pinger-like client that makes
// its own messages, servers that answer in upper case or unchanged, a client printing
// templated answers.
constexpr const char* kSpec = R"(exercise: advice-test
title: advice test
protocol: PROTOCOL
roles:
  client:
    listens: false
    argv: ["{host}", "{port}"]
  server:
    listens: true
    argv: ["{port}"]
cases:
  - name: lines
    role: client
    stdin: ["hello world"]
    peer: {reply: "{upper}"}
    expect: {received: stdin, stdout: peer-replies, exit: required}
  - name: pings
    role: client
    peer: {reply: "{line}"}
    expect: {stdout: ["pong"], exit: required}
  - name: upper-server
    role: server
    peer: {connections: [{send: ["hello", "again"]}]}
    expect: {replies: upper, exit: running}
  - name: same-server
    role: server
    peer: {connections: [{send: ["hello", "again"]}]}
    expect: {replies: same, exit: running}
  - name: gives-up-a-line
    role: client
    stdin: ["lost line", "second line"]
    peer: {reply: "{upper}"}
    expect: {received: ["second line"], stdout: ["timed out", "SECOND LINE"]}
  - name: template-client
    role: client
    stdin: ["hello"]
    peer: {reply: "got {line}"}
    expect: {received: stdin, stdout: peer-replies}
)";

class Advice : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("advice-test-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  const spec::Spec& Load(const std::string& protocol) {
    std::string yaml = kSpec;
    yaml.replace(yaml.find("PROTOCOL"), 8, protocol);
    spec::LoadResult r = spec::LoadSpecString(yaml, "advice-test.yaml");
    EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].ToString());
    spec_ = std::move(r.spec);
    return *spec_;
  }
  const spec::Case& Case(const std::string& name) {
    for (const spec::Case& c : spec_->cases)
      if (c.name == name) return c;
    throw std::runtime_error("no case " + name);
  }
  Observation Observe(const std::string& name) {
    Observation o;
    o.spec = &*spec_;
    o.test = &Case(name);
    o.role = spec_->FindRole(o.test->role);
    o.port = 40000;
    o.program.display_name = o.role->listens ? "server.py" : "client.py";
    return o;
  }
  std::string Program(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

  fs::path dir_;
  std::optional<spec::Spec> spec_;
};

bool Says(const Finding& f, const std::string& what) {
  return f.Text().find(what) != std::string::npos;
}

TEST_F(Advice, PythonInputIsSeenOnlyAsACallOfTheBuiltIn) {
  EXPECT_TRUE(CallsPythonInput(Program("a.py", "while True:\n    line = input()\n")));
  EXPECT_FALSE(CallsPythonInput(Program("b.py", "line = sys.stdin.readline()\n")));
  EXPECT_FALSE(CallsPythonInput(Program("c.py", "line = raw_input()\nx = my_input()\n")));
  EXPECT_TRUE(CallsPythonInput(Program("client", "#!/usr/bin/env python3\nx = input()\n")));
  EXPECT_FALSE(CallsPythonInput(Program("server",
                                        "\x7f"
                                        "ELF input(")));
  EXPECT_FALSE(CallsPythonInput(Program("d.c", "int main() { input(); }\n")));
  EXPECT_FALSE(CallsPythonInput(""));
}

TEST_F(Advice, WhatTheCaseFeedsAndExpects) {
  Load("tcp");
  EXPECT_TRUE(FeedsStdin(Case("lines")));
  EXPECT_FALSE(FeedsStdin(Case("pings")));
  EXPECT_TRUE(ExpectsUpper(Case("upper-server")));
  EXPECT_FALSE(ExpectsUpper(Case("same-server")));
  EXPECT_FALSE(ExpectsUpper(Case("lines")));  // the client prints upper case; it makes none
  EXPECT_TRUE(SendsInputLines(Case("lines")));
  EXPECT_FALSE(SendsInputLines(Case("pings")));
  EXPECT_TRUE(SendsInputLines(Case("gives-up-a-line")));
  EXPECT_TRUE(PrintsTimedOut(*spec_));
  EXPECT_TRUE(ResendsLine(Case("lines"), "hello world"));
  EXPECT_FALSE(ResendsLine(Case("lines"), "Ping 1"));
}

// exit: required, the program still running at the end: EOFError only for Python's input()
// in a case that feeds standard input.
TEST_F(Advice, EofErrorOnlyForAPythonInputLoopFedByTheCase) {
  Load("tcp");
  Observation o = Observe("lines");
  o.connections.resize(1);
  o.connections[0].connected = true;
  o.connections[0].received = "hello world\n";
  o.stdout_text = "HELLO WORLD\n";
  o.program.program_path = Program("client.py", "s = input()\n");
  Finding python = Judge(o);
  EXPECT_EQ(python.code, Code::kDidNotExit) << python.Text();
  EXPECT_TRUE(Says(python, "When input() raises EOFError")) << python.Text();

  o.program.program_path = Program("client2.py", "for line in sys.stdin:\n    pass\n");
  Finding readline = Judge(o);
  EXPECT_EQ(readline.code, Code::kDidNotExit) << readline.Text();
  EXPECT_TRUE(Says(readline, "did not exit after the end of its input")) << readline.Text();
  EXPECT_FALSE(Says(readline, "EOFError")) << readline.Text();

  Observation ping = Observe("pings");
  ping.program.program_path = Program("pinger.py", "x = input('never called')\n");
  ping.connections = o.connections;
  ping.stdout_text = "pong\n";
  Finding no_input = Judge(ping);
  EXPECT_EQ(no_input.code, Code::kDidNotExit) << no_input.Text();
  EXPECT_TRUE(Says(no_input, "did not exit by itself")) << no_input.Text();
  EXPECT_FALSE(Says(no_input, "EOFError")) << no_input.Text();
  EXPECT_FALSE(Says(no_input, "end of its input")) << no_input.Text();

  // Ended with a traceback: "catch EOFError" likewise.
  o.program.exited = true;
  o.program.status = 1;
  o.program.program_path = Program("client.py", "s = input()\n");
  EXPECT_TRUE(Says(Judge(o), "catch EOFError")) << Judge(o).Text();
  o.program.program_path = Program("client2.py", "for line in sys.stdin:\n    pass\n");
  EXPECT_FALSE(Says(Judge(o), "EOFError")) << Judge(o).Text();
}

TEST_F(Advice, UpperCaseAdviceOnlyWhereRepliesAreUpper) {
  Load("tcp");
  Observation upper = Observe("upper-server");
  upper.ready = true;
  upper.connections.resize(1);
  upper.connections[0].connected = upper.connections[0].complete = true;
  upper.connections[0].sent = {"hello", "again"};
  upper.connections[0].received = "Hello\nAgain\n";
  Finding capitalized = Judge(upper);
  EXPECT_EQ(capitalized.code, Code::kFirstLetterOnly) << capitalized.Text();
  EXPECT_TRUE(Says(capitalized, "use upper()")) << capitalized.Text();

  // A client that prints what it sent instead of the server's templated answer: an echo, with
  // no word of upper case.
  Observation client = Observe("template-client");
  client.connections.resize(1);
  client.connections[0].connected = true;
  client.connections[0].received = "hello\n";
  client.stdout_text = "hello\n";
  Finding echo = Judge(client);
  EXPECT_EQ(echo.code, Code::kEcho) << echo.Text();
  EXPECT_TRUE(Says(echo, "This looks like an echo")) << echo.Text();
  EXPECT_FALSE(Says(echo, "upper")) << echo.Text();
  EXPECT_TRUE(Says(echo, "Print the answer that came back")) << echo.Text();

  // An answer without its newline: "data.strip().upper() + b'\n'" for upper case only.
  upper.connections[0].received = "HELLO";
  upper.connections[0].complete = false;
  Finding nl_upper = Judge(upper);
  EXPECT_EQ(nl_upper.code, Code::kNoNewline) << nl_upper.Text();
  EXPECT_TRUE(Says(nl_upper, "data.strip().upper()")) << nl_upper.Text();
  Observation same = Observe("same-server");
  same.ready = true;
  same.connections = upper.connections;
  same.connections[0].received = "hello";
  Finding nl_same = Judge(same);
  EXPECT_EQ(nl_same.code, Code::kNoNewline) << nl_same.Text();
  EXPECT_FALSE(Says(nl_same, "upper")) << nl_same.Text();
}

// UDP, a datagram lost and never sent again: "send the same line again" where the program
// sends its input lines, not to a program that makes its own messages.
TEST_F(Advice, SendTheSameLineAgainOnlyForAClientOfItsInputLines) {
  Load("udp");
  Observation lines = Observe("lines");
  lines.dropped_not_resent = {"hello world"};
  Finding resend = Judge(lines);
  EXPECT_EQ(resend.code, Code::kMissingMessage) << resend.Text();
  EXPECT_TRUE(Says(resend, "send the same line again")) << resend.Text();
  // A case of the exercise expects "timed out" for a line given up on: the advice says so...
  EXPECT_TRUE(Says(resend, "(up to 3 sends, then print \"timed out\")")) << resend.Text();
  // ... and not in an exercise whose cases never print it.
  spec::Spec without = *spec_;
  std::erase_if(without.cases, [](const spec::Case& c) { return c.name == "gives-up-a-line"; });
  ASSERT_FALSE(PrintsTimedOut(without));
  lines.spec = &without;
  for (const spec::Case& c : without.cases)
    if (c.name == "lines") lines.test = &c;
  Finding plain = Judge(lines);
  EXPECT_TRUE(Says(plain, "send the same line again")) << plain.Text();
  EXPECT_FALSE(Says(plain, "timed out")) << plain.Text();

  Observation ping = Observe("pings");
  ping.connections.resize(1);
  ping.connections[0].connected = true;
  ping.connections[0].datagrams = {"Ping 1"};
  ping.dropped_not_resent = {"Ping 1"};
  Finding other = Judge(ping);
  EXPECT_EQ(other.code, Code::kMissingMessage) << other.Text();
  EXPECT_FALSE(Says(other, "same line")) << other.Text();
  EXPECT_FALSE(Says(other, "timed out")) << other.Text();

  // Silent after the drop: "send the line again" likewise.
  lines.stalled_after_drop = ping.stalled_after_drop = true;
  lines.dropped_what = ping.dropped_what = "its datagram";
  lines.own_datagram_lost = ping.own_datagram_lost = true;
  EXPECT_TRUE(Says(CheckStallAfterDrop(lines), "send the line again"))
      << CheckStallAfterDrop(lines).Text();
  Finding stalled = CheckStallAfterDrop(ping);
  EXPECT_EQ(stalled.code, Code::kNoUdpTimeout);
  EXPECT_TRUE(Says(stalled, "sock.settimeout(1.0)")) << stalled.Text();
  EXPECT_FALSE(Says(stalled, "line again")) << stalled.Text();
  ping.waits_too_long = true;
  EXPECT_FALSE(Says(CheckStallAfterDrop(ping), "line again")) << CheckStallAfterDrop(ping).Text();
}

}  // namespace
}  // namespace netgrade::check
