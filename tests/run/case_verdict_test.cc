// A settled case's verdict, end to end through run::RunCase: the note or the diagnosis on the
// address a client used, and the exit grace, which lets a failing program show why it fails
// but never makes a late exit pass.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "harness/run/case_runner.h"
#include "harness/sandbox/netns.h"
#include "tests/support/inline_spec.h"
#include "tests/support/program_case.h"
#include "tests/support/words_golden.h"

namespace netgrade::run {
namespace {
using namespace netgrade::check;
using namespace netgrade::sandbox;
using testing_support::CapitalizeSpec;
using testing_support::ExpectWords;
using testing_support::ProgramDir;
using testing_support::RunCaseOn;

// The textbook's client with the server's LAN address where its HOST argument should be.
constexpr const char* kLanClient =
    "import socket, sys\nserverName = '192.168.0.123'\ns = socket.socket()\n"
    "s.connect((serverName, int(sys.argv[2])))\nf = s.makefile('rb')\nwhile True:\n    try:\n"
    "        line = input()\n    except EOFError:\n        break\n"
    "    s.sendall((line + '\\n').encode())\n    print(f.readline().decode().rstrip('\\n'))\n";

// A client with a LAN address written in it ignores its HOST argument: in the case's
// namespaces the address leads to the reference server, and the result notes it.
TEST(CaseVerdict, AClientWithALanAddressReachesThePeerWithANote) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  spec::Spec s = CapitalizeSpec();
  auto dir = ProgramDir("lan-client", "client.py", kLanClient);
  CaseResult r = RunCaseOn(s, 1, dir);
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_EQ(
      r.notes,
      std::vector<std::string>{
          "client.py connected to 192.168.0.123 (written in the program?); netgrade led it to "
          "the server. On the real network it must use the HOST it is given."});
}

// Without namespaces of the case's own the address leads nowhere (here: a namespace of the
// test's with loopback only, so that nothing is sent anywhere): the diagnosis says why first.
TEST(CaseVerdict, WithoutNamespacesALanAddressIsExplainedNotJustATraceback) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  NetNamespace::Scope in(ns.get());
  spec::Spec s = CapitalizeSpec();
  auto dir = ProgramDir("lan-client-shared", "client.py", kLanClient);
  RunOptions options;
  options.isolate = false;
  CaseResult r = RunCaseOn(s, 1, dir, options);
  EXPECT_FALSE(r.passed());
  // A phrase, not a golden block: the traceback in its note names the program's temporary folder.
  EXPECT_NE(r.cause.find("192.168.0.123"), std::string::npos) << r.cause;
}

// The grace after a failing verdict is for a program about to exit: one back at rest (an echo
// server in accept() again, no timer of its own) will not, and the verdict comes at once, not
// after the grace (made 20 s here).
TEST(CaseVerdict, AFailingServerBackAtRestGetsItsVerdictWithoutTheExitGrace) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;
  RunOptions options;
  options.thresholds.exit_grace = std::chrono::milliseconds(20000);
  auto dir = ProgramDir("echo-server-grace", "server.py", testing_support::PythonServer("line"));
  CaseResult r = RunCaseOn(s, 0, dir, options);
  EXPECT_EQ(r.code, check::Code::kEcho) << r.message;
  EXPECT_LT(r.wall_ms, 10000) << "the case waited out the exit grace";
}

// And a failing program asleep with a timer due within the grace is let wake and exit: the
// exit (after 0.5 s here) is what explains the failure.
TEST(CaseVerdict, AFailingServerThatSleepsAndThenExitsIsSeenExiting) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;
  RunOptions options;
  options.thresholds.exit_grace = std::chrono::milliseconds(20000);
  auto dir =
      ProgramDir("echo-server-exits", "server.py",
                 "import socket, sys, time\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
                 "socket.SO_REUSEADDR, 1)\n"
                 "s.bind(('', int(sys.argv[1])))\ns.listen(5)\n"
                 "c, _ = s.accept()\nfor line in c.makefile('rb'):\n    c.sendall(line)\n"
                 "c.close()\ntime.sleep(0.5)\nsys.exit(4)\n");
  CaseResult r = RunCaseOn(s, 0, dir, options);
  EXPECT_FALSE(r.passed());
  ExpectWords(r);
  EXPECT_LT(r.wall_ms, 10000) << "the case waited out the exit grace";
}

// The grace after a failing verdict lets a program show why it fails, not finish late: a client
// that must exit, answers right, and is still asleep at its 1 s timeout has not exited, even
// when it exits within the grace (made 2 s here, so that without the exit rule's check it
// would pass).
TEST(CaseVerdict, AClientThatMustExitAndExitsAfterItsTimeoutFails) {
  spec::Spec s = CapitalizeSpec();
  s.cases[1].timeout_ms = 1000;
  RunOptions options;
  options.thresholds.exit_grace = std::chrono::milliseconds(2000);
  auto dir = ProgramDir("late-exit-client", "client.py", R"(import socket, sys, time
s = socket.socket()
s.connect((sys.argv[1], int(sys.argv[2])))
f = s.makefile('rb')
while True:
    try:
        line = input()
    except EOFError:
        break
    s.sendall((line + '\n').encode())
    print(f.readline().decode().rstrip('\n'))
s.close()
time.sleep(1.5)
)");
  CaseResult r = RunCaseOn(s, 1, dir, options);
  EXPECT_FALSE(r.passed()) << "exited after its timeout, and passed";
  EXPECT_EQ(r.code, check::Code::kDidNotExit) << r.message;
}

// `expect: files`, end to end: a receiver reads a name line and a content line, writes the
// file and answers OK; what it wrote is judged after its part was played.
constexpr const char* kReceiverSpec = R"(
exercise: ft
protocol: tcp
roles: {receiver: {listens: true, argv: ['{port}']}}
files:
  - {path: note.txt, text: "hello there\n", held_by: peer}
cases:
  - name: one-file
    role: receiver
    script:
      - connect: a
      - send: note.txt
        on: a
      - send: hello there
        on: a
      - expect: {text: OK}
        on: a
    expect:
      files: [{path: note.txt, same_as: note.txt, hint: "Write the line that came."}]
      exit: running
)";

// `transform` is Python applied to the content line before it is written; `write` False writes
// no file at all.
std::string Receiver(const std::string& transform, bool write = true) {
  return "import socket, sys\n"
         "s = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
         "s.bind(('', int(sys.argv[1])))\ns.listen(1)\n"
         "while True:\n"
         "    c, _ = s.accept()\n"
         "    f = c.makefile('rb')\n"
         "    name = f.readline().decode().strip()\n"
         "    data = f.readline()\n" +
         std::string(write ? "    open(name, 'wb').write(" + transform + ")\n" : "") +
         "    c.sendall(b'OK\\n')\n"
         "    c.close()\n";
}

// A receiver's folder, which it writes as the case's user (netgrade gives the case's copy to
// that user; here the folder is open to all).
std::filesystem::path ReceiverDir(const std::string& name, const std::string& code) {
  std::filesystem::path dir = ProgramDir(name, "receiver.py", code);
  std::filesystem::permissions(dir, std::filesystem::perms::all);
  return dir;
}

TEST(CaseVerdict, AFileTheReceiverWroteIsJudgedByteForByte) {
  spec::Spec s = testing_support::LoadInline(kReceiverSpec);
  ASSERT_EQ(s.cases.size(), 1u);
  CaseResult right = RunCaseOn(s, 0, ReceiverDir("receiver-right", Receiver("data")));
  EXPECT_TRUE(right.passed()) << right.message;

  CaseResult upper = RunCaseOn(s, 0, ReceiverDir("receiver-upper", Receiver("data.upper()")));
  EXPECT_EQ(upper.code, Code::kFileDiffers) << upper.message;
  ExpectWords(upper, "upper");  // the file, both sizes, the first byte that differs, both ways
  EXPECT_EQ(upper.fix, "Write the line that came.") << "the spec's hint: " << upper.message;

  CaseResult none = RunCaseOn(s, 0, ReceiverDir("receiver-none", Receiver("", false)));
  EXPECT_EQ(none.code, Code::kFileMissing) << none.message;
  ExpectWords(none, "none");  // the file, and what the folder holds
}

}  // namespace
}  // namespace netgrade::run
