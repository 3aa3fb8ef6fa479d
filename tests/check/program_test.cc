#include "harness/check/program.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "harness/kinds/sockets/terms.h"
#include "tests/support/temp_dir.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using namespace netgrade::observe;
using testing_support::ExpectWords;

ProgramRun Crashed(std::string stderr_text, int status = 1) {
  ProgramRun run;
  run.display_name = "server.py";
  run.exited = true;
  run.status = status;
  run.stderr_text = std::move(stderr_text);
  return run;
}

TEST(CheckPython2, RecognisesExceptWithAComma) {
  Finding f = CheckPython2(
      Crashed("  File \"server.py\", line 9\n    except error, msg:\n           ^^^^^^^^^^\n"
              "SyntaxError: multiple exception types must be parenthesized\n"));
  EXPECT_EQ(f.code, Code::kPython2);
  ExpectWords(f);  // 'except X as e:'
}

// The textbook ICMP skeleton's checksum, 'answer & 0xffffffffL': Python 3 calls it an invalid
// literal (3.10 on) or invalid syntax (before); the cause is Python 2's long suffix on the
// number the program wrote, not another. A number run into a name is not it.
TEST(CheckPython2, RecognisesALongLiteral) {
  Finding f = CheckPython2(
      Crashed("  File \"pinger.py\", line 30\n    answer = answer & 0xffffffffL\n"
              "                               ^\nSyntaxError: invalid hexadecimal literal\n"));
  EXPECT_EQ(f.code, Code::kPython2);
  ExpectWords(f, "0xffffffffL");
  f =
      CheckPython2(Crashed("  File \"client.py\", line 9\n    seq = seq % 65536L\n"
                           "                     ^\nSyntaxError: invalid syntax\n"));
  EXPECT_EQ(f.code, Code::kPython2) << f.Text();
  ExpectWords(f, "65536L");
  EXPECT_EQ(f.Text().find("0xffffffff"), std::string::npos) << "not a number it did not write";
  f =
      CheckPython2(Crashed("  File \"client.py\", line 3\n    x = 1st\n        ^\n"
                           "SyntaxError: invalid decimal literal\n"));
  EXPECT_TRUE(f.ok()) << f.Text();
}

TEST(CheckLimits, NamesTheOpenFilesLimit) {
  ProgramRun run =
      Crashed("Traceback (most recent call last):\nOSError: [Errno 24] Too many open files\n");
  run.open_files_limit = 256;
  Finding f = CheckLimits(run);
  EXPECT_EQ(f.code, Code::kOpenFilesLimit);
  ExpectWords(f);  // its limit, 256
}

TEST(CheckLimits, NamesTheFileSizeLimitWhenPythonGetsEfbig) {
  ProgramRun run =
      Crashed("Traceback (most recent call last):\nOSError: [Errno 27] File too large\n");
  run.file_size_limit = int64_t{16} << 20;
  Finding f = CheckLimits(run);
  EXPECT_EQ(f.code, Code::kFileSizeLimit);
  ExpectWords(f);  // 16 MiB
}

TEST(CheckLimits, NamesTheDiskLimitBeforeTheFileSizeItsWritesRanInto) {
  ProgramRun run =
      Crashed("Traceback (most recent call last):\nOSError: [Errno 28] No space left on device\n");
  run.disk_limit_hit = true;
  run.disk_limit_bytes = int64_t{64} << 20;
  run.disk_limit_entries = 10000;
  Finding f = CheckLimits(run);
  EXPECT_EQ(f.code, Code::kDiskLimit);
  ExpectWords(f, "its writes failed");  // 64 MiB and 10000 entries
  std::string writes_failed = f.cause;
  run.signal = SIGKILL;
  f = CheckLimits(run);
  EXPECT_EQ(f.code, Code::kDiskLimit);
  EXPECT_NE(f.cause, writes_failed) << "stopped by a signal, its writes did not fail: " << f.cause;
  run.disk_limit_hit = false;
  EXPECT_NE(CheckLimits(run).code, Code::kDiskLimit);
}

TEST(CheckLimits, NamesTheCpuLimitOnSigxcpu) {
  ProgramRun run = Crashed("");
  run.signal = SIGXCPU;
  run.cpu_limit_s = 4;
  Finding f = CheckLimits(run);
  EXPECT_EQ(f.code, Code::kCpuLimit);
  ExpectWords(f);  // 4 s
}

TEST(CheckCrash, NamesAMissingInterpreterWithoutTheTemporaryPath) {
  testing_support::UniqueTempDir tmp("netgrade-program-test");
  const std::filesystem::path& dir = tmp.path();
  std::ofstream(dir / "server") << "#!/usr/bin/python2\nprint('hi')\n";
  std::ofstream(dir / "client") << "#!/usr/bin/python3\r\nprint('hi')\r\n";
  ProgramRun run = Crashed(
      "netgrade: cannot run '" + (dir / "server").string() + "': No such file or directory\n", 127);
  run.display_name = "server";
  run.exec_errno = ENOENT;
  run.exec_path = (dir / "server").string();
  Finding f = CheckCrash(run);
  EXPECT_EQ(f.code, Code::kCrashed);
  EXPECT_EQ(f.Text().find(dir.string()), std::string::npos) << f.Text();  // the test's point
  ExpectWords(f, "server");  // '/usr/bin/python2', and server.py: the name to give it
  // A file that has its .py already is not told to add another (server.py.py).
  std::ofstream(dir / "server.py") << "#!/usr/bin/python2\nprint('hi')\n";
  run.display_name = "server.py";
  run.exec_path = (dir / "server.py").string();
  f = CheckCrash(run);
  ExpectWords(f, "server.py");  // '#!/usr/bin/env python3'
  EXPECT_EQ(f.Text().find(".py.py"), std::string::npos) << f.Text();

  run.stderr_text =
      "netgrade: cannot run '" + (dir / "client").string() + "': No such file or directory\n";
  run.exec_path = (dir / "client").string();
  f = CheckCrash(run);
  ExpectWords(f, "client");  // the \r at the line's end
}

// A program can print the grader's own words; the grader must not act on them (open the
// path they name: a FIFO would hang the run, a root-only file would leak its first line).
TEST(CheckCrash, NeverOpensAPathTheProgramPrinted) {
  std::filesystem::path secret =
      std::filesystem::temp_directory_path() / "netgrade-program-test-secret";
  std::ofstream(secret) << "#!/top-secret-first-line\n";
  ProgramRun run =
      Crashed("netgrade: cannot run '" + secret.string() + "': No such file or directory\n", 127);
  Finding f = CheckCrash(run);
  EXPECT_EQ(f.code, Code::kCrashed);
  EXPECT_EQ(f.Text().find("top-secret"), std::string::npos) << f.Text();
  EXPECT_NE(f.evidence.find("netgrade: cannot run '"), std::string::npos)
      << "exit status 127 and a line on stderr are the program's, shown as its output, not a "
         "failed exec: "
      << f.Text();
  std::filesystem::remove(secret);
}

TEST(CheckCrash, NamesAWindowsLineEndingOnAnEnvShebang) {
  // As env prints it in a UTF-8 locale, with typographic quotes.
  ProgramRun run = Crashed("/usr/bin/env: \u2018python3\r\u2019: No such file or directory\n", 127);
  Finding f = CheckCrash(run);
  EXPECT_EQ(f.code, Code::kCrashed);
  ExpectWords(f);  // the \r at the line's end
}

TEST(CheckCrash, ShowsPathsAsTheStudentKnowsThem) {
  ProgramRun run = Crashed(
      "Traceback (most recent call last):\n  File \"/tmp/netgrade-AbC123/submission/server.py\", "
      "line 3\n"
      "ZeroDivisionError: division by zero\n");
  Finding f = CheckCrash(run);
  ExpectWords(f);  // File "server.py", line 3
  EXPECT_EQ(f.Text().find("netgrade-AbC123"), std::string::npos) << f.Text();  // the point
}

// The textbook server with the listening socket's close() where the connection's belongs.
class ClosedListeningSocketTest : public testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.path() / "server.py")
        << "from socket import *\nserverSocket = socket(AF_INET, SOCK_STREAM)\n"
           "serverSocket.listen(1)\nwhile True:\n"
           "    connectionSocket, addr = serverSocket.accept()\n"
           "    connectionSocket.send(b'x')\n    serverSocket.close()\n";
    run_ = Crashed(
        "Traceback (most recent call last):\n"
        "  File \"/tmp/netgrade-AbC123/submission/server.py\", line 5, in <module>\n"
        "    connectionSocket, addr = serverSocket.accept()\n"
        "                             ^^^^^^^^^^^^^^^^^^^^^\n"
        "  File \"/usr/lib/python3.11/socket.py\", line 294, in accept\n"
        "    fd, addr = self._accept()\n"
        "               ^^^^^^^^^^^^^^\n"
        "  File \"/usr/lib/python3.11/socket.py\", line 294, in accept\n"
        "    fd, addr = self._accept()\n"
        "OSError: [Errno 9] Bad file descriptor\n");
    run_.program_path = (dir_.path() / "server.py").string();
  }
  testing_support::UniqueTempDir dir_{"netgrade-closed-listening"};
  ProgramRun run_;
};

TEST_F(ClosedListeningSocketTest, OneCodeAtTheCloseWhicheverWayTheCaseSawTheExit) {
  // Seen after the answers (the exit rule) and before them (a crash): one code, one cause.
  Finding after = CheckExitRule(spec::ExitRule::kRunning, run_, sockets::TcpTerms());
  Finding before = CheckCrash(run_);
  for (const Finding& f : {after, before}) {
    EXPECT_EQ(f.code, Code::kStoppedListening) << f.Text();
    // The line of the close(), not of the accept() in the traceback.
    EXPECT_EQ(f.cause.rfind("server.py, line 7: ", 0), 0u) << f.cause;
  }
  EXPECT_EQ(after.cause, before.cause) << "it does loop: " << after.Text();
  ExpectWords(before);  // 'Bad file descriptor'
}

TEST_F(ClosedListeningSocketTest, KeepsTheStudentsOwnLineOfTheTraceback) {
  // Six lines of the library's frames and carets would push it out of the tail.
  Finding f = CheckCrash(run_);
  ExpectWords(f);  // its own line, then the library's frames cut, then the OSError
}

// Python notices `data.upper` (no call) where the value is used: the line named is the one
// that needs the parentheses, not the one in the traceback; a comment naming it is not it.
TEST(CheckCrash, NamesTheLineOfAMethodNotCalled) {
  testing_support::UniqueTempDir dir("netgrade-uncalled");
  std::ofstream(dir.path() / "server.py")
      << "# reply with data.upper\nwhile True:\n    data = conn.recv(1024).decode()\n"
         "    reply = data.upper\n    conn.send(reply.encode())\n";
  ProgramRun run = Crashed(
      "Traceback (most recent call last):\n  File \"server.py\", line 5, in <module>\n"
      "    conn.send(reply.encode())\n"
      "AttributeError: 'builtin_function_or_method' object has no attribute 'encode'\n");
  run.program_path = (dir.path() / "server.py").string();
  Finding f = CheckCrash(run);
  EXPECT_EQ(f.code, Code::kCrashed);
  EXPECT_EQ(f.cause.rfind("server.py, line 4 ('reply = data.upper'): ", 0), 0u) << f.cause;
  ExpectWords(f);  // the call to write, as .decode() is written
}

TEST(CheckExitRule, AnotherExitOfAServerIsStoppedEarly) {
  Finding f = CheckExitRule(spec::ExitRule::kRunning,
                            Crashed("  File \"server.py\", line 5, in <module>\n"
                                    "    x = 1 / 0\nZeroDivisionError: division by zero\n"),
                            sockets::TcpTerms());
  EXPECT_EQ(f.code, Code::kStoppedEarly) << f.Text();
  ExpectWords(f);  // status 1, and the ZeroDivisionError
}

// A folder holding a compiled client and its source, as a student's submission does.
class VoidMainTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("netgrade-voidmain-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "client") << "\x7f"
                                      "ELF";
    run_ = Crashed("", 27);  // printf()'s count, left as the status
    run_.display_name = "client";
    run_.program_path = (dir_ / "client").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Source(const std::string& text) { std::ofstream(dir_ / "client.c") << text; }

  std::filesystem::path dir_;
  ProgramRun run_;
};

TEST_F(VoidMainTest, SaysIntMainForAGarbageStatus) {
  Source("#include <stdio.h>\nvoid main (int argc, char *argv[])\n{\n  printf(\"hi\\n\");\n}\n");
  Finding f = CheckCrash(run_);
  EXPECT_EQ(f.code, Code::kVoidMain) << f.Text();
  ExpectWords(f);  // 'client.c' and its 'void main'
  // In its parts: the one sentence of what went wrong, and the declaration to change.
  EXPECT_EQ(f.cause.rfind("client ended by itself with status 27", 0), 0u) << f.cause;
  EXPECT_EQ(f.cause.back(), '.');
  EXPECT_EQ(f.fix, "Declare 'int main' and end it with 'return 0;'.");
  // At the end of its input (a client's exit rule), the same.
  EXPECT_EQ(CheckExitRule(spec::ExitRule::kRequired, run_, sockets::TcpTerms()).code,
            Code::kVoidMain);
}

TEST_F(VoidMainTest, IsACrashWithIntMainOrASignal) {
  Source("int main(void) { void mainloop(void); return 3; }\n");
  EXPECT_EQ(CheckCrash(run_).code, Code::kCrashed);
  Source("void main() { *(int *)0 = 1; }\n");
  run_.signal = SIGSEGV;
  run_.status = 0;
  EXPECT_EQ(CheckCrash(run_).code, Code::kCrashed) << "a signal is a crash, void main or not";
}

TEST_F(VoidMainTest, ReadsNoSourceThroughALink) {
  std::filesystem::path elsewhere = dir_.string() + "-elsewhere.c";
  std::ofstream(elsewhere) << "void main() {}\n";
  std::filesystem::create_symlink(elsewhere, dir_ / "client.c");
  EXPECT_EQ(CheckCrash(run_).code, Code::kCrashed);
  std::filesystem::remove(elsewhere);
}

TEST(CheckCrash, ExplainsAKnownTraceback) {
  Finding f = CheckCrash(
      Crashed("Traceback (most recent call last):\n  File \"server.py\", line 6, in <module>\n"
              "    serverSocket.listen(1)\nOSError: [Errno 95] Operation not supported\n"));
  EXPECT_EQ(f.code, Code::kCrashed);
  // The explanation comes before the traceback it explains.
  EXPECT_EQ(f.cause.rfind("server.py, line 6: ", 0), 0u) << f.cause;
  ExpectWords(f);  // listen() on SOCK_DGRAM, and the OSError: [Errno 95]
}

// What a known traceback means is said in one shape whatever the program's file, the line, the
// bracket and how it ended (issue 48: the class page groups by it): the words differ, the shape
// does not.
TEST(CheckCrash, AKnownTracebackHasOneShapeWhateverTheFileAndTheExit) {
  ProgramRun one = Crashed(
      "  File \"server.py\", line 21\n    print(x\n         ^\n"
      "SyntaxError: '(' was never closed\n");
  ProgramRun other = Crashed(
      "  File \"tcp_server_v2.py\", line 7\n    data = [1, 2\n           ^\n"
      "SyntaxError: '[' was never closed\n",
      2);
  other.display_name = "tcp_server_v2.py";
  Finding a = CheckCrash(one), b = CheckCrash(other);
  EXPECT_EQ(a.code, Code::kCrashed);
  EXPECT_EQ(b.code, Code::kCrashed);
  EXPECT_NE(a.cause, b.cause);
  EXPECT_NE(a.Text(), b.Text());  // and so do how they ended: status 1 and 2
  EXPECT_EQ(a.cause.shape(), b.cause.shape());
  EXPECT_EQ(a.cause.shape(),
            "{}: a {} that is never closed, so Python refused the whole file and the program "
            "never ran. Close it on that line (Python names the line where the bracket opened).");
  // CrashCause itself, as the script's and the restart's checks lead with it.
  EXPECT_EQ(CrashCause(one, {}).shape(), CrashCause(other, {}).shape());
  EXPECT_EQ(CrashCause(one, {}), a.cause);
}

// A traceback of no known mistake leads with the exception where it was raised: the file, the
// line and the exception are values.
TEST(CheckCrash, AnUnknownExceptionWhereItWasRaisedHasOneShape) {
  ProgramRun one = Crashed(
      "Traceback (most recent call last):\n  File \"server.py\", line 13, in <module>\n"
      "    if s.endswit('x'):\nAttributeError: 'str' object has no attribute 'endswit'\n");
  ProgramRun other = Crashed(
      "Traceback (most recent call last):\n  File \"proxy.py\", line 44, in <module>\n"
      "    c.connect(origin)\nConnectionRefusedError: [Errno 111] Connection refused\n",
      3);
  other.display_name = "proxy.py";
  Finding a = CheckCrash(one), b = CheckCrash(other);
  EXPECT_NE(a.cause, b.cause);
  EXPECT_EQ(a.cause.shape(), "{}, line {} raised {}, and the program ended there.");
  EXPECT_EQ(b.cause.shape(), a.cause.shape());
}

}  // namespace
}  // namespace netgrade::check
