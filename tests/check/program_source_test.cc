// A program's own source read to name the line to fix (check/program_source.cc), on folders
// made for each test: which files are its source, and each finder's line or "".
#include "harness/check/program_source.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "tests/support/temp_dir.h"

namespace netgrade::check {
namespace {
namespace fs = std::filesystem;
using observe::ProgramRun;

// Where a program's source is read from: the script itself, or a regular file beside the
// compiled program; a link (which may point anywhere) is never followed.
TEST(SourcesOf, TheScriptItselfOrARegularSourceBesideTheProgramNeverALink) {
  namespace fs = std::filesystem;
  testing_support::UniqueTempDir tmp("netgrade-sources-of");
  const fs::path& dir = tmp.path();
  std::ofstream(dir / "server.py") << "print('hi')\n";
  std::ofstream(dir / "client.cc") << "int main() {}\n";
  fs::create_symlink("/etc/passwd", dir / "receiver.c");
  EXPECT_EQ(SourcesOf((dir / "server.py").string()), std::vector<fs::path>{dir / "server.py"});
  EXPECT_EQ(SourcesOf((dir / "client").string()), std::vector<fs::path>{dir / "client.cc"});
  EXPECT_EQ(ReadSource(dir / "client.cc"), "int main() {}\n");
  EXPECT_TRUE(SourcesOf((dir / "receiver").string()).empty());
  EXPECT_TRUE(SourcesOf("").empty());
}

TEST(ProgramSource, TheLineThatClosesTheListeningSocketTheTracebackNames) {
  testing_support::UniqueTempDir tmp("netgrade-source-close");
  std::ofstream(tmp.path() / "server.py")
      << "s = socket()\noldserverSocket.close()\nwhile True:\n    c, a = serverSocket.accept()\n"
         "    serverSocket.close()\n";
  ProgramRun run;
  run.program_path = (tmp.path() / "server.py").string();
  run.stderr_text =
      "Traceback (most recent call last):\n  File \"server.py\", line 4, in <module>\n"
      "    c, a = serverSocket.accept()\nOSError: [Errno 9] Bad file descriptor\n";
  EXPECT_EQ(CloseOfListeningSocket(run), "server.py, line 5") << "not the longer name on line 2";
  run.stderr_text = "";
  EXPECT_EQ(CloseOfListeningSocket(run), "");
}

TEST(ProgramSource, AMethodNamedButNotCalledOutsideAComment) {
  testing_support::UniqueTempDir tmp("netgrade-source-uncalled");
  std::ofstream(tmp.path() / "server.py")
      << "# data.upper\nreply = data.upper()\nreply = data.upper\n";
  ProgramRun run;
  run.program_path = (tmp.path() / "server.py").string();
  EXPECT_EQ(UncalledMethod(run), "server.py, line 3 ('reply = data.upper')");
  std::ofstream(tmp.path() / "server.py") << "reply = data.upper()\n";
  EXPECT_EQ(UncalledMethod(run), "");
}

// The port a failed bind() asked for by name: the number the source assigns that name, not a
// longer name's; none where the name is not given a number.
TEST(ProgramSource, ThePortAssignedToTheNameTheFailedBindUsed) {
  testing_support::UniqueTempDir tmp("netgrade-source-bind-port");
  std::ofstream(tmp.path() / "server.py")
      << "from socket import *\nmyserverPort = 80\nserverPort = 331  # the port\n"
         "s = socket(AF_INET, SOCK_STREAM)\ns.bind(('', serverPort))\n";
  ProgramRun run;
  run.program_path = (tmp.path() / "server.py").string();
  run.stderr_text =
      "Traceback (most recent call last):\n  File \"server.py\", line 5, in <module>\n"
      "    s.bind(('', serverPort))\nPermissionError: [Errno 13] Permission denied\n";
  EXPECT_EQ(PortAssignedForBind(run), 331);
  std::ofstream(tmp.path() / "server.py") << "serverPort = int(sys.argv[1])\n";
  EXPECT_EQ(PortAssignedForBind(run), 0);
}

TEST(ProgramSource, VoidMainOnlyBesideACompiledProgramAndNotInALongerName) {
  testing_support::UniqueTempDir tmp("netgrade-source-voidmain");
  ProgramRun run;
  run.program_path = (tmp.path() / "client").string();
  std::ofstream(tmp.path() / "client.c") << "void mainloop(void);\nint main(void) { return 0; }\n";
  EXPECT_EQ(VoidMainSource(run), "");
  std::ofstream(tmp.path() / "client.c") << "void\tmain ( void ) {}\n";
  EXPECT_EQ(VoidMainSource(run), "client.c");
  run.program_path = (tmp.path() / "client.c").string();
  EXPECT_EQ(VoidMainSource(run), "") << "a program with an extension is not compiled";
}

// A number written in a C source, whole (30000 holds 3000 but is not it), and whether the
// program is written in C or C++ at all.
TEST(ProgramSource, TheLineWithANumberInACSourceAndNotInsideALongerOne) {
  testing_support::UniqueTempDir tmp("netgrade-source-number");
  ProgramRun run;
  run.program_path = (tmp.path() / "server").string();
  EXPECT_FALSE(WrittenInC(run));
  std::ofstream(tmp.path() / "server.c")
      << "int big = 30000;\nint x = 13000;\n  addr.sin_port = 3000;\n";
  EXPECT_TRUE(WrittenInC(run));
  EXPECT_EQ(LineWithNumber(run, 3000), "server.c, line 3");
  EXPECT_EQ(LineWithNumber(run, 47115), "");
  run.program_path = (tmp.path() / "server.py").string();
  std::ofstream(tmp.path() / "server.py") << "port = 3000\n";
  EXPECT_FALSE(WrittenInC(run));
  EXPECT_EQ(LineWithNumber(run, 3000), "") << "only C and C++ sources";
}

TEST(ProgramSource, AMissingInterpreterOnlyForExecsNoSuchFileWithAShebang) {
  testing_support::UniqueTempDir tmp("netgrade-source-shebang");
  std::ofstream(tmp.path() / "server") << "#!/usr/bin/python2\nprint('hi')\n";
  ProgramRun run;
  run.display_name = "server";
  run.exec_path = (tmp.path() / "server").string();
  run.exec_errno = ENOENT;
  EXPECT_NE(MissingInterpreter(run).find("'/usr/bin/python2', does not exist on this system"),
            std::string::npos)
      << MissingInterpreter(run);
  run.exec_errno = EACCES;
  EXPECT_EQ(MissingInterpreter(run), "");
  run.exec_errno = ENOENT;
  std::ofstream(tmp.path() / "server") << "print('no shebang')\n";
  EXPECT_EQ(MissingInterpreter(run), "");
}

}  // namespace
}  // namespace netgrade::check
