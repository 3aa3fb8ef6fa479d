// A case with a script, end to end through run::RunCase with Python programs: the two-client
// case of tcp-capitalize-concurrent passes a selectors server and fails a one-client-at-a-time
// server (at once, not at its timeout); a client the reference server leaves and comes back
// to passes when it connects again, and is told no_reconnect when it does not.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "harness/plan/submission.h"
#include "harness/run/case_runner.h"
#include "tests/support/words_golden.h"

namespace netgrade::run {
namespace {
using testing_support::ExpectWords;

using Action = spec::Step::Action;

spec::Step Step(Action a, std::string on = "1", std::string text = "") {
  spec::Step s;
  s.action = a;
  s.on = std::move(on);
  s.text = std::move(text);
  return s;
}

spec::Spec Concurrent() {
  spec::Spec s;
  s.file = "inline";
  s.exercise = "tcp-capitalize-concurrent";
  s.roles = {{.name = "server",
              .names = {"server"},
              .listens = true,
              .argv = {"{port}"},
              .port_env = {},
              .mark = {}}};
  spec::Case c;
  c.name = "two-clients-second-speaks-first";
  c.role = "server";
  c.timeout_ms = 60000;  // bounds a failure only
  spec::Step expect_b = Step(Action::kExpect, "b");
  expect_b.mark.line = 14;
  c.script = {Step(Action::kConnect, "a"),        Step(Action::kConnect, "b"),
              Step(Action::kSend, "b", "second"), expect_b,
              Step(Action::kSend, "a", "first"),  Step(Action::kExpect, "a")};
  c.expect.exit = spec::ExitRule::kRunning;
  s.cases = {c};
  return s;
}

spec::Spec Restart() {
  spec::Spec s;
  s.file = "inline";
  s.exercise = "tcp-capitalize-restart";
  s.roles = {{.name = "client",
              .names = {"client"},
              .listens = false,
              .argv = {"{host}", "{port}"},
              .port_env = {},
              .mark = {}}};
  spec::Case c;
  c.name = "client-server-restarts";
  c.role = "client";
  c.timeout_ms = 60000;
  c.stdin_lines = {"one", "two", "three"};
  c.peer.reply = "{upper}";
  spec::Step answer1 = Step(Action::kAnswer, "c1");
  spec::Step pause = Step(Action::kPause);
  pause.ms = 300;
  spec::Step all = Step(Action::kAnswer, "c2");
  all.count = -1;
  c.script = {Step(Action::kAccept, "c1"),
              answer1,
              Step(Action::kStopPeer),
              pause,
              Step(Action::kStartPeer),
              Step(Action::kAccept, "c2"),
              all};
  c.expect.stdout_source = spec::StdoutSource::kLines;
  c.expect.stdout_lines = {"ONE", "TWO", "THREE"};
  c.expect.exit = spec::ExitRule::kRequired;
  s.cases = {c};
  return s;
}

struct Scratch {
  std::vector<std::filesystem::path> dirs;
  ~Scratch() {
    for (const auto& d : dirs) std::filesystem::remove_all(d);
  }
};
Scratch g_scratch;

check::CaseResult RunIt(const spec::Spec& s, const std::string& name, const std::string& file,
                        const std::string& code) {
  auto dir = std::filesystem::temp_directory_path() / ("netgrade-script-" + name);
  std::filesystem::create_directories(dir);
  g_scratch.dirs.push_back(dir);
  std::ofstream(dir / file) << code;
  auto p = plan::FindProgram(dir, s.roles[0], {});
  EXPECT_TRUE(p.has_value());
  return RunCase(s, s.cases[0], *p, dir.string(), {});
}

constexpr const char* kSelectorsServer = R"(import selectors, socket, sys
sel = selectors.DefaultSelector()
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("", int(sys.argv[1])))
srv.listen()
sel.register(srv, selectors.EVENT_READ)
bufs = {}
while True:
    for key, _ in sel.select():
        s = key.fileobj
        if s is srv:
            c, _ = srv.accept()
            bufs[c] = b""
            sel.register(c, selectors.EVENT_READ)
            continue
        data = s.recv(4096)
        if not data:
            sel.unregister(s)
            s.close()
            continue
        bufs[s] += data
        while b"\n" in bufs[s]:
            line, bufs[s] = bufs[s].split(b"\n", 1)
            s.sendall(line.upper() + b"\n")
)";

constexpr const char* kBlockingServer = R"(import socket, sys
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("", int(sys.argv[1])))
srv.listen()
while True:
    c, _ = srv.accept()
    for line in c.makefile("rb"):
        c.sendall(line.upper())
    c.close()
)";

TEST(ScriptRun, ASelectorsServerServesTheSecondClientWhileTheFirstIsSilent) {
  check::CaseResult r = RunIt(Concurrent(), "selectors", "server.py", kSelectorsServer);
  EXPECT_TRUE(r.passed()) << r.message;
}

TEST(ScriptRun, AOneClientAtATimeServerIsToldSoAtOnce) {
  check::CaseResult r = RunIt(Concurrent(), "blocking", "server.py", kBlockingServer);
  EXPECT_EQ(r.code, check::Code::kOneClientAtATime) << r.message;
  ExpectWords(r);  // what the second client sent, and where the server waited
  // Where the script was, as a note, without the spec's line number (a student's report), and
  // the connection by its order, not the spec's label b.
  EXPECT_TRUE(std::any_of(r.finding_notes.begin(), r.finding_notes.end(), [](const std::string& n) {
    return n.find("step 4: expect on the second client's connection") != n.npos &&
           n.find("line") == n.npos;
  })) << r.message;
  EXPECT_LT(r.wall_ms, 2000) << "not seen at rest: the case waited";
}

// Two UDP clients, each expecting its own answer, against a server that answers the first
// address it ever heard from: the second client's answer goes to the first.
TEST(ScriptRun, AUdpAnswerThatWentToTheOtherClientIsReplyToFixedAddress) {
  spec::Spec s = Concurrent();
  s.protocol = spec::Protocol::kUdp;
  s.exercise = "udp-capitalize";
  spec::Step expect_b = Step(Action::kExpect, "b");
  expect_b.mark.line = 9;
  s.cases[0].name = "two-clients";
  s.cases[0].script = {Step(Action::kConnect, "a"),     Step(Action::kSend, "a", "one"),
                       Step(Action::kExpect, "a"),      Step(Action::kConnect, "b"),
                       Step(Action::kSend, "b", "two"), expect_b};
  check::CaseResult r = RunIt(s, "first-address", "server.py", R"(import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", int(sys.argv[1])))
first = None
while True:
    data, addr = s.recvfrom(2048)
    first = first or addr
    s.sendto(data.upper(), first)
)");
  EXPECT_EQ(r.code, check::Code::kReplyToFixedAddress) << r.message;
  ExpectWords(r);  // what was expected, and recvfrom()'s address to answer
}

constexpr const char* kReconnectingClient = R"(import socket, sys, time
def connect():
    while True:
        try:
            return socket.create_connection((sys.argv[1], int(sys.argv[2])))
        except ConnectionRefusedError:
            time.sleep(0.05)
s = connect()
f = s.makefile("rb")
for line in sys.stdin:
    while True:
        try:
            s.sendall(line.encode())
            answer = f.readline()
            if not answer:
                raise ConnectionResetError
            print(answer.decode().rstrip("\n"), flush=True)
            break
        except (BrokenPipeError, ConnectionResetError):
            s.close()
            s = connect()
            f = s.makefile("rb")
)";

constexpr const char* kNaiveClient = R"(import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
f = s.makefile("rb")
for line in sys.stdin:
    s.sendall(line.encode())
    print(f.readline().decode().rstrip("\n"), flush=True)
)";

// Standard input line by line from the script (the runner's StudentControl): the second line
// comes only once the reference server has gone and come back.
TEST(ScriptRun, AClientFedLineByLineSendsTheSecondLineToTheRestartedServer) {
  spec::Spec s = Restart();
  spec::Case& c = s.cases[0];
  c.stdin_lines.clear();
  c.expect.stdout_lines = {"ONE", "TWO"};
  std::vector<spec::Step> script = c.script;
  c.script = {Step(Action::kStdin, "1", "one")};
  c.script.insert(c.script.end(), script.begin(), script.begin() + 5);  // to start: peer
  c.script.push_back(Step(Action::kStdin, "1", "two"));
  c.script.insert(c.script.end(), script.begin() + 5, script.end());  // accept c2, answer all
  c.script.push_back(Step(Action::kCloseStdin));
  check::CaseResult r = RunIt(s, "line-by-line", "client.py", kReconnectingClient);
  EXPECT_TRUE(r.passed()) << r.message;
}

TEST(ScriptRun, AClientThatConnectsAgainAfterTheServerCameBackPasses) {
  check::CaseResult r = RunIt(Restart(), "reconnecting", "client.py", kReconnectingClient);
  EXPECT_TRUE(r.passed()) << r.message;
}

TEST(ScriptRun, AClientThatDoesNotConnectAgainIsNoReconnect) {
  check::CaseResult r = RunIt(Restart(), "naive", "client.py", kNaiveClient);
  EXPECT_EQ(r.code, check::Code::kNoReconnect) << r.message;
  EXPECT_LT(r.wall_ms, 2000) << r.message;
}

}  // namespace
}  // namespace netgrade::run
