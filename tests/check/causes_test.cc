// The cause named first where the judgment named only the effect: each pattern on an
// observation built by hand, and left alone where its evidence is missing.
#include "harness/check/causes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/spec/load.h"
#include "tests/check/socket_judge.h"
#include "tests/support/temp_dir.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using observed_test::TermsOf;
namespace fs = std::filesystem;
using testing_support::ExpectWords;

constexpr const char* kSpec = R"(exercise: causes-test
title: causes test
protocol: tcp
roles:
  server:
    listens: true
  client:
    listens: false
    argv: ["{host}", "{port}"]
cases:
  - name: server-line
    role: server
    peer:
      connections:
        - send: ["hello world"]
    expect:
      replies: upper
      exit: running
  - name: client-line
    role: client
    stdin: ["hello world"]
    peer:
      reply: "{upper}"
    expect:
      received: stdin
  - name: server-script
    role: server
    script:
      - connect: a
      - send: "hello"
        on: a
      - expect: {text: "HELLO"}
        on: a
  - name: client-script-types
    role: client
    script:
      - stdin: "hello"
      - accept: a
      - expect: {text: "hello"}
        on: a
)";

class CausesTest : public testing::Test {
 protected:
  void SetUp() override {
    spec::LoadResult r = spec::LoadSpecString(kSpec, "causes-test.yaml");
    ASSERT_TRUE(r.ok());
    spec_ = std::move(*r.spec);
    dir_ = tmp_.path();
  }

  observe::Observation Observe(const std::string& case_name, const std::string& program) {
    observe::Observation o;
    o.spec = &spec_;
    for (const spec::Case& c : spec_.cases)
      if (c.name == case_name) o.test = &c;
    o.role = spec_.FindRole(o.test->role);
    o.port = 5000;
    o.program.display_name = program;
    o.program.program_path = (dir_ / program).string();
    return o;
  }

  // The traceback's context of that case, in its kind's terms.
  TracebackContext ContextOf(const std::string& case_name, const std::string& program) {
    observe::Observation o = Observe(case_name, program);
    return TracebackContextOf(o, TermsOf(o));
  }

  spec::Spec spec_;
  testing_support::UniqueTempDir tmp_{"netgrade-causes-test"};
  fs::path dir_;
};

TEST_F(CausesTest, AServerThatEndsWithVoidMainIsToldAboutTheLoopFirst) {
  observe::Observation o = Observe("server-line", "server");
  o.program.exited = true;
  o.program.status = 18;
  Finding judged{Code::kVoidMain, "'server.c' declares 'void main'. Declare 'int main'."};
  Finding f = NameTheCause(o, judged, TermsOf(o));
  EXPECT_EQ(f.code, Code::kStoppedEarly);
  // The loop is the cause; the void main follows it, as a note.
  ASSERT_EQ(f.notes.size(), 1u) << f.Text();
  ExpectWords(f);
  // A client's void main is its own diagnosis: no loop is missing there.
  observe::Observation client = Observe("client-line", "client");
  client.program.exited = true;
  client.program.status = 18;
  EXPECT_EQ(NameTheCause(client, judged, TermsOf(client)).code, Code::kVoidMain);
}

TEST_F(CausesTest, AnAnswerPrintedButNeverSentIsNamed) {
  observe::Observation o = Observe("server-line", "server.py");
  o.stdout_text = "The server is ready to receive\nReceived: HELLO WORLD\n";
  Finding f = NameTheCause(o, Finding{Code::kNoOutput, "Your server answered: nothing at all."},
                           TermsOf(o));
  EXPECT_EQ(f.code, Code::kNoOutput);
  ExpectWords(f);
  EXPECT_EQ(f.notes, std::vector<std::string>{"Your server answered: nothing at all."});
  // An answer it did send and also printed is not one it only printed.
  peers::ConnectionLog log;
  log.connected = true;
  log.sent = {"hello world"};
  log.received = "HELLO WORLD\n";
  o.connections.push_back(log);
  EXPECT_EQ(NameTheCause(o, Finding{Code::kMissingMessage, "y"}, TermsOf(o)).Text(), "y");
  o.connections.clear();
  // Printing something else is no evidence.
  o.stdout_text = "Received: hello world\n";
  EXPECT_EQ(NameTheCause(o, Finding{Code::kNoOutput, "x"}, TermsOf(o)).Text(), "x");
}

TEST_F(CausesTest, AnHttpAnswerIsNamed) {
  observe::Observation o = Observe("server-line", "server.py");
  peers::ConnectionLog log;
  log.connected = true;
  log.sent = {"hello world"};
  log.received = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nHELLO WORLD\n";
  o.connections.push_back(log);
  Finding f = NameTheCause(o, Finding{Code::kWrongContent, "got 'HTTP/1.1 200 OK'"}, TermsOf(o));
  EXPECT_EQ(f.code, Code::kWrongContent);
  ExpectWords(f);
  o.connections[0].received = "HELLO WORLS\n";
  EXPECT_EQ(NameTheCause(o, Finding{Code::kWrongContent, "got 'HELLO WORLS'"}, TermsOf(o)).Text(),
            "got 'HELLO WORLS'");
}

TEST_F(CausesTest, ACClientTakingThePortFromArgv1IsToldTheOrder) {
  std::ofstream(dir_ / "client.c") << "int main(int argc, char **argv) {\n"
                                   << "  addr.sin_port = htons(atoi( argv[1] ));\n}\n";
  observe::Observation o = Observe("client-line", "client");
  Finding f = NameTheCause(
      o, Finding{Code::kNeverConnected, "client connected to port 127, not 5000."}, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNeverConnected);
  ExpectWords(f);
  // atoi(argv[2]) is right: nothing to add.
  std::ofstream(dir_ / "client.c") << "  addr.sin_port = htons(atoi(argv[2]));\n";
  EXPECT_EQ(NameTheCause(o, Finding{Code::kNeverConnected, "x"}, TermsOf(o)).Text(), "x");
}

TEST_F(CausesTest, TheTracebackIsReadWithTheKindsTermsAndPortArgument) {
  observe::Observation o = Observe("client-line", "client.py");
  TracebackContext c = TracebackContextOf(o, TermsOf(o));
  // A TCP exercise's: a listen() on a UDP socket is its wrong protocol.
  EXPECT_EQ(c.listen_on_udp_socket, TermsOf(o).listen_on_udp_socket);
  EXPECT_FALSE(c.listen_on_udp_socket.empty());
  EXPECT_EQ(c.port_argument, 2u);
  EXPECT_EQ(ContextOf("server-line", "server.py").port_argument, 1u);
}

// A script types only in its stdin steps: a web proxy's browser and origin type nothing, and
// a real proxy that asked "Which way you want?" at input() was told to catch EOFError.
TEST_F(CausesTest, NothingIsTypedWhereNoStdinAndNoScriptStepTypes) {
  EXPECT_TRUE(ContextOf("server-line", "server.py").nothing_typed);
  EXPECT_TRUE(ContextOf("server-script", "server.py").nothing_typed);
  EXPECT_FALSE(ContextOf("client-line", "client.py").nothing_typed);
  EXPECT_FALSE(ContextOf("client-script-types", "client.py").nothing_typed);
}

TEST_F(CausesTest, APassStaysAPass) {
  observe::Observation o = Observe("server-line", "server.py");
  o.stdout_text = "HELLO WORLD\n";
  EXPECT_TRUE(NameTheCause(o, Finding::Ok(), TermsOf(o)).ok());
}

}  // namespace
}  // namespace netgrade::check
