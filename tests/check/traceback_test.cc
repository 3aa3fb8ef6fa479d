// Each known mistake is recognised from the traceback a real program printed, and only from
// its own last line.
#include "harness/check/traceback.h"

#include <gtest/gtest.h>

namespace netgrade::check {
namespace {

bool Says(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

TEST(ExplainTraceback, TheHostTakenForThePort) {
  std::string why = ExplainTraceback(
      "Traceback (most recent call last):\n"
      "  File \"client.py\", line 5, in <module>\n"
      "    serverPort = int(sys.argv[1])\n"
      "                 ^^^^^^^^^^^^^^^^\n"
      "ValueError: invalid literal for int() with base 10: '127.0.0.1'\n");
  EXPECT_TRUE(Says(why, "int(sys.argv[1]) was given '127.0.0.1', a host, not a port")) << why;
  EXPECT_TRUE(Says(why, "take the port from sys.argv[2]")) << why;
  // An empty argument is no host: it is not blamed on the order of the arguments.
  EXPECT_EQ(ExplainTraceback("    port = int(sys.argv[1])\n"
                             "ValueError: invalid literal for int() with base 10: ''\n"),
            "");
}

// A real traceroute took an optional payload size from sys.argv[1]; its lab gives the host
// alone there, and no port at all: no word of ports.
TEST(ExplainTraceback, TheHostTakenForANumberWhereTheHostIsTheOnlyArgument) {
  TracebackContext host_only;
  host_only.host_argument = 1;
  host_only.port_argument = 0;
  std::string why = ExplainTraceback(
      "Traceback (most recent call last):\n"
      "  File \"traceroute.py\", line 156, in <module>\n"
      "    data_size = int(sys.argv[1])\n"
      "ValueError: invalid literal for int() with base 10: '203.0.113.28'\n",
      host_only);
  EXPECT_TRUE(Says(why,
                   "int(sys.argv[1]) was given '203.0.113.28', the host: this lab gives the "
                   "program one argument, the host, and no number"))
      << why;
  EXPECT_FALSE(Says(why, "port")) << why;
}

TEST(ExplainTraceback, APrivilegedPort) {
  std::string why = ExplainTraceback(
      "Traceback (most recent call last):\n"
      "  File \"server.py\", line 4, in <module>\n"
      "    serverSocket.bind(('', serverPort))\n"
      "PermissionError: [Errno 13] Permission denied\n");
  EXPECT_TRUE(Says(why, "ports below 1024 are privileged")) << why;
  EXPECT_FALSE(Says(why, "331")) << "no port that is not the program's: " << why;
  // The port the program asked for is named, whatever it is: written in the bind() line, or
  // the one its source gives the name bind() used.
  why = ExplainTraceback(
      "Traceback (most recent call last):\n"
      "  File \"server.py\", line 4, in <module>\n"
      "    serverSocket.bind(('', 80))\n"
      "PermissionError: [Errno 13] Permission denied\n");
  EXPECT_TRUE(Says(why, "bind() was refused: port 80, below 1024, is privileged")) << why;
  why = ExplainTraceback(
      "Traceback (most recent call last):\n"
      "  File \"server.py\", line 4, in <module>\n"
      "    serverSocket.bind(('', serverPort))\n"
      "PermissionError: [Errno 13] Permission denied\n",
      {.listen_on_udp_socket = "", .port_argument = 1, .host_argument = 0, .bound_port = 443});
  EXPECT_TRUE(Says(why, "port 443, below 1024, is privileged")) << why;
  EXPECT_TRUE(Says(why, "(int(sys.argv[1]))")) << why;
  // Permission denied opening a file is another matter.
  EXPECT_EQ(ExplainTraceback("    f = open('/log.txt', 'w')\n"
                             "PermissionError: [Errno 13] Permission denied: '/log.txt'\n"),
            "");
}

TEST(ExplainTraceback, ListenOnAUdpSocket) {
  std::string why = ExplainTraceback(
      "Traceback (most recent call last):\n"
      "  File \"server.py\", line 6, in <module>\n"
      "    serverSocket.listen(1)\n"
      "OSError: [Errno 95] Operation not supported\n");
  EXPECT_TRUE(Says(why, "listen() was called on a UDP socket")) << why;
  EXPECT_TRUE(Says(why, "remove listen() and accept()")) << why;
}

TEST(ExplainTraceback, EndOfInput) {
  std::string why = ExplainTraceback(
      "Traceback (most recent call last):\n"
      "  File \"client.py\", line 9, in <module>\n"
      "    sentence = input('Input lowercase sentence:')\n"
      "               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
      "EOFError: EOF when reading a line\n");
  EXPECT_TRUE(Says(why, "input() raised EOFError")) << why;
  EXPECT_TRUE(Says(why, "except EOFError: break")) << why;
}

TEST(ExplainTraceback, AQuestionAtInputInACaseThatTypesNothing) {
  const std::string traceback =
      "Traceback (most recent call last):\n"
      "  File \"ICMPPinger.py\", line 137, in <module>\n"
      "    numPings = input(\"How many pings would you like to complete?\\n\")\n"
      "EOFError: EOF when reading a line\n";
  TracebackContext silent;
  silent.nothing_typed = true;
  std::string why = ExplainTraceback(traceback, silent);
  EXPECT_EQ(why.find("the program waits for an answer typed at input() (numPings = input("), 0u)
      << why;
  EXPECT_TRUE(Says(why, "but this lab types nothing")) << why;
  // Where the case types lines, the end of them is a loop's to catch, as before.
  EXPECT_TRUE(Says(ExplainTraceback(traceback), "except EOFError: break"));
}

TEST(ExplainTraceback, SendtoGivenAStr) {
  std::string why = ExplainTraceback(
      "Traceback (most recent call last):\n"
      "  File \"client.py\", line 7, in <module>\n"
      "    clientSocket.sendto(message, (serverName, serverPort))\n"
      "TypeError: a bytes-like object is required, not 'str'\n");
  EXPECT_TRUE(Says(why, "sendto() was given a str where Python 3 needs bytes")) << why;
  EXPECT_TRUE(Says(why, "text.encode()")) << why;
}

TEST(ExplainTraceback, AMethodWithoutItsCall) {
  std::string why = ExplainTraceback(
      "Traceback (most recent call last):\n"
      "  File \"server.py\", line 10, in <module>\n"
      "    serverSocket.sendto(modifiedMessage.encode(), clientAddress)\n"
      "                        ^^^^^^^^^^^^^^^^^^^^^^\n"
      "AttributeError: 'builtin_function_or_method' object has no attribute 'encode'\n");
  EXPECT_TRUE(Says(why, "A method was used without calling it")) << why;
  EXPECT_TRUE(Says(why, "Add the parentheses")) << why;
  // The traceback does not say which exercise this is: no upper-casing advice.
  EXPECT_FALSE(Says(why, "upper")) << why;
}

// Only the exception on the last line counts: an EOFError handled earlier, printed in a
// traceback's context, does not explain a later crash.
TEST(ExplainTraceback, ReadsOnlyTheLastLine) {
  EXPECT_EQ(ExplainTraceback("EOFError: EOF when reading a line\n\nDuring handling of the above "
                             "exception, another exception occurred:\n\n"
                             "ZeroDivisionError: division by zero\n"),
            "");
  EXPECT_EQ(ExplainTraceback(""), "");
}

TEST(ExplainTraceback, EscapesWhatItQuotes) {
  std::string why = ExplainTraceback(
      "    port = int(sys.argv[1])\n"
      "ValueError: invalid literal for int() with base 10: 'a.\x1b[2Jb'\n");
  EXPECT_FALSE(Says(why, "\x1b")) << why;
}

// The real programs' crashes whose cause was only inside the traceback: each named, with the
// line of the student's file.
TEST(ExplainTraceback, AnUnclosedParenthesis) {
  std::string err =
      "  File \"/tmp/netgrade-AbC/submission/server.py\", line 21\n"
      "    print('Sent:', capitalizedSentence\n"
      "         ^\n"
      "SyntaxError: '(' was never closed\n";
  EXPECT_EQ(TracebackPlace(err), "server.py, line 21");
  std::string why = ExplainTraceback(err);
  EXPECT_EQ(why.find("a '(' that is never closed, so Python refused the whole file and the "
                     "program never ran"),
            0u)
      << why;
}

TEST(ExplainTraceback, TypographicQuotesAndOtherSyntaxErrors) {
  std::string why = ExplainTraceback(
      "  File \"client.py\", line 7\n"
      "    sentence = input(\u2018Input lowercase sentence:\u2019)\n"
      "                     ^\n"
      "SyntaxError: invalid character '\u2018' (U+2018)\n");
  EXPECT_TRUE(Says(why, "a typographic quote '\u2018' (pasted from a PDF")) << why;
  why = ExplainTraceback("  File \"c.py\", line 2\n    x = = 1\nSyntaxError: invalid syntax\n");
  EXPECT_TRUE(Says(why, "a syntax error ('invalid syntax')")) << why;
  // Python 2's print statement is CheckPython2's, not a syntax error to fix line by line.
  EXPECT_EQ(ExplainTraceback("SyntaxError: Missing parentheses in call to 'print'. Did you mean "
                             "print(...)?\n"),
            "");
}

TEST(ExplainTraceback, AModuleNoCourseNeeds) {
  std::string err =
      "Traceback (most recent call last):\n"
      "  File \"server.py\", line 3, in <module>\n"
      "    import openpyxl  # log every sentence\n"
      "ModuleNotFoundError: No module named 'openpyxl'\n";
  EXPECT_EQ(TracebackPlace(err), "server.py, line 3");
  EXPECT_TRUE(Says(ExplainTraceback(err),
                   "import openpyxl failed: the module 'openpyxl' is not "
                   "installed here"));
  std::string why = ExplainTraceback("ModuleNotFoundError: No module named 'network'\n");
  EXPECT_TRUE(Says(why, "'network' is MicroPython's module")) << why;
}

TEST(ExplainTraceback, TheSocketModulesNamesUsedBare) {
  std::string why = ExplainTraceback(
      "  File \"server.py\", line 5, in <module>\n"
      "    serverSocket = socket.socket(AF_INET, SOCK_STREAM)\n"
      "NameError: name 'AF_INET' is not defined\n");
  EXPECT_EQ(why.find("AF_INET is not defined: after 'import socket' it is socket.AF_INET"), 0u)
      << why;
  // Another undefined name is the student's own: not explained as the socket module's.
  EXPECT_EQ(ExplainTraceback("NameError: name 'sentense' is not defined\n"), "");
}

TEST(ExplainTraceback, ACommandLineTheProgramRefuses) {
  std::string why = ExplainTraceback(
      "  File \"server.py\", line 4, in <module>\n"
      "    assert len(sys.argv) == 1, \"usage: python3 server.py\"\n"
      "AssertionError: usage: python3 server.py\n",
      TracebackContext{.listen_on_udp_socket = "", .port_argument = 1});
  EXPECT_EQ(why.find("the assert refused the command line"), 0u) << why;
  EXPECT_TRUE(Says(why, "sys.argv[1]")) << why;
  // An assert about something else is the program's own logic.
  EXPECT_EQ(ExplainTraceback("  File \"s.py\", line 9, in <module>\n    assert n > 0\n"
                             "AssertionError\n"),
            "");
}

TEST(ExplainTraceback, ThePortReadWithInput) {
  TracebackContext client{.listen_on_udp_socket = "", .port_argument = 2};
  std::string why = ExplainTraceback(
      "  File \"server.py\", line 3, in <module>\n"
      "    serverPort = int(input(\"Enter the port number: \"))\n"
      "                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
      "EOFError: EOF when reading a line\n",
      client);
  EXPECT_EQ(why.find("the program reads its port with input()"), 0u) << why;
  EXPECT_TRUE(Says(why, "int(sys.argv[2])")) << why;
  // A client given its messages on stdin reads one of them as the port.
  why = ExplainTraceback(
      "  File \"client.py\", line 2, in <module>\n"
      "    port = int(input())\n"
      "ValueError: invalid literal for int() with base 10: 'hello world'\n",
      client);
  EXPECT_EQ(why.find("the program reads its port with input()"), 0u) << why;
}

// The textbook's pinger asks for the host with input(): where the case gives the host on the
// command line, that is the cause, not the end of input a loop should catch.
TEST(ExplainTraceback, TheHostReadWithInput) {
  const std::string traceback =
      "  File \"pinger.py\", line 77, in main\n"
      "    host = socket.gethostbyname(input(\"Enter a host to ping: \"))\n"
      "                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
      "EOFError: EOF when reading a line\n";
  TracebackContext pinger;
  pinger.host_argument = 1;
  std::string why = ExplainTraceback(traceback, pinger);
  EXPECT_EQ(why.find("the program reads the host with input(), but netgrade gives it on the "
                     "command line and types nothing for it: host = sys.argv[1]."),
            0u)
      << why;
  // Where the case gives no host, input() ending is what it is.
  TracebackContext no_host;
  no_host.port_argument = 1;
  why = ExplainTraceback(traceback, no_host);
  EXPECT_EQ(why.find("input() raised EOFError"), 0u) << why;
  // A line read with input() that is not the host: the same.
  why = ExplainTraceback(
      "  File \"client.py\", line 5, in <module>\n"
      "    sentence = input(\"Input lowercase sentence:\")\n"
      "EOFError: EOF when reading a line\n",
      pinger);
  EXPECT_EQ(why.find("input() raised EOFError"), 0u) << why;
}

// Where the kind says what a listen() on a UDP socket means in its exercise (a TCP lab's
// wrong protocol: tests/kinds/sockets/terms_test.cc), that is what is said.
TEST(ExplainTraceback, ListenOnAUdpSocketInTheKindsWords) {
  std::string why = ExplainTraceback(
      "  File \"server.py\", line 6, in <module>\n"
      "    serverSocket.listen(1)\n"
      "OSError: [Errno 95] Operation not supported\n",
      TracebackContext{.listen_on_udp_socket = "The kind's own words.", .port_argument = 1});
  EXPECT_EQ(why, "The kind's own words.");
}

TEST(ExplainTraceback, APortStillHeld) {
  std::string why = ExplainTraceback(
      "  File \"server.py\", line 4, in <module>\n"
      "    serverSocket.bind(('', serverPort))\n"
      "OSError: [Errno 98] Address already in use\n");
  EXPECT_TRUE(Says(why, "your own server from an earlier try, still running")) << why;
}

// Python 3.11's traceback of the textbook server with serverSocket.close() in its loop.
constexpr char kAcceptOnClosed[] =
    "Traceback (most recent call last):\n"
    "  File \"/tmp/netgrade-x/submission/server.py\", line 9, in <module>\n"
    "    connectionSocket, addr = serverSocket.accept()\n"
    "                             ^^^^^^^^^^^^^^^^^^^^^\n"
    "  File \"/usr/lib/python3.11/socket.py\", line 294, in accept\n"
    "    fd, addr = self._accept()\n"
    "               ^^^^^^^^^^^^^^\n"
    "OSError: [Errno 9] Bad file descriptor\n";

TEST(ExplainTraceback, AListeningSocketClosedInTheLoop) {
  EXPECT_TRUE(AcceptOnClosedSocket(kAcceptOnClosed));
  std::string why = ExplainTraceback(kAcceptOnClosed);
  EXPECT_TRUE(Says(why, "the listening socket (serverSocket) had been closed")) << why;
  EXPECT_TRUE(Says(why, "(connectionSocket.close())")) << why;
  EXPECT_EQ(ListeningSocketName(kAcceptOnClosed), "serverSocket");
  // C's perror() and Java's words for the same mistake.
  EXPECT_TRUE(AcceptOnClosedSocket("accept: Bad file descriptor\n"));
  EXPECT_TRUE(AcceptOnClosedSocket(
      "Exception in thread \"main\" java.net.SocketException: Socket is closed\n"
      "\tat java.base/java.net.ServerSocket.accept(ServerSocket.java:544)\n"));
  // EBADF elsewhere is another mistake.
  EXPECT_FALSE(
      AcceptOnClosedSocket("  File \"server.py\", line 12, in <module>\n"
                           "    conn.send(data)\n"
                           "OSError: [Errno 9] Bad file descriptor\n"));
  EXPECT_FALSE(AcceptOnClosedSocket("read: Bad file descriptor\n"));
}

TEST(RaisedAt, TheExceptionWhereTheStudentsFileRaisedIt) {
  EXPECT_EQ(RaisedAt("Traceback (most recent call last):\n"
                     "  File \"/tmp/netgrade-x/submission/server.py\", line 13, in <module>\n"
                     "    if filename.endswit('.html'):\n"
                     "AttributeError: 'str' object has no attribute 'endswit'. Did you mean: "
                     "'endswith'?\n"),
            "server.py, line 13 raised AttributeError: 'str' object has no attribute 'endswit'. "
            "Did you mean: 'endswith'?, and the program ended there.");
  // No traceback, or none in the student's own file: nothing to lead with.
  EXPECT_EQ(RaisedAt("bind: Address already in use\n"), "");
  EXPECT_EQ(RaisedAt("Traceback (most recent call last):\n"
                     "  File \"/usr/lib/python3.11/socket.py\", line 9, in connect\n"
                     "OSError: x\n"),
            "");
}

TEST(TracebackFrame, TheStudentsLinesAsPrinted) {
  EXPECT_EQ(TracebackFrame(kAcceptOnClosed),
            "  File \"/tmp/netgrade-x/submission/server.py\", line 9, in <module>\n"
            "    connectionSocket, addr = serverSocket.accept()\n");
  EXPECT_EQ(TracebackFrame("ZeroDivisionError: division by zero\n"), "");
}

// A merge conflict committed: git's marker is the line Python refused, and what to do with it.
TEST(ExplainTraceback, AMergeConflictsMarkerIsNamed) {
  std::string why = ExplainTraceback(
      "  File \"server.py\", line 4\n    <<<<<<< HEAD:Exercise1/q_3_server.py\n    ^^\n"
      "SyntaxError: invalid syntax\n");
  EXPECT_TRUE(Says(why,
                   "a git merge conflict was committed: that line is git's marker '<<<<<<< "
                   "HEAD:Exercise1/q_3_server.py'"))
      << why;
  EXPECT_TRUE(Says(why, "delete the marker lines")) << why;
  // A line that merely starts with '=' signs is an ordinary syntax error.
  why = ExplainTraceback("  File \"c.py\", line 2\n    ========x\nSyntaxError: invalid syntax\n");
  EXPECT_TRUE(Says(why, "a syntax error ('invalid syntax')")) << why;
}

// Java's uncaught exception is told where it was thrown in the program's own file, past the
// library's frames, as Python's traceback is.
TEST(RaisedAt, JavasUncaughtExceptionAtTheProgramsOwnLine) {
  EXPECT_EQ(RaisedAt("Exception in thread \"main\" java.lang.NumberFormatException: For input "
                     "string: \"x\"\n"
                     "\tat java.base/java.lang.Integer.parseInt(Integer.java:652)\n"
                     "\tat Server.main(Server.java:12)\n"),
            "Server.java, line 12 threw java.lang.NumberFormatException: For input string: "
            "\"x\", and the program ended there.");
  EXPECT_EQ(RaisedAt("Exception in thread \"main\" java.lang.Error\n"
                     "\tat java.base/java.lang.Thread.run(Thread.java:1)\n"),
            "");
}

TEST(TracebackPlace, TheStudentsFrameNotTheLibrarys) {
  EXPECT_EQ(TracebackPlace("Traceback (most recent call last):\n"
                           "  File \"/work/client.py\", line 12, in <module>\n"
                           "    s.connect((host, port))\n"
                           "  File \"/usr/lib/python3.11/socket.py\", line 9, in connect\n"
                           "ConnectionRefusedError: [Errno 111] Connection refused\n"),
            "client.py, line 12");
  EXPECT_EQ(TracebackPlace("ZeroDivisionError: division by zero\n"), "");
  // The name is the student's: escaped.
  EXPECT_EQ(TracebackPlace("  File \"a\x1b[2Jb.py\", line 1\nSyntaxError: x\n").find('\x1b'),
            std::string::npos);
}

}  // namespace
}  // namespace netgrade::check
