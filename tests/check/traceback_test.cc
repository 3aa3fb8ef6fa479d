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

TEST(ExplainTraceback, APrivilegedPort) {
  std::string why = ExplainTraceback(
      "Traceback (most recent call last):\n"
      "  File \"server.py\", line 4, in <module>\n"
      "    serverSocket.bind(('', serverPort))\n"
      "PermissionError: [Errno 13] Permission denied\n");
  EXPECT_TRUE(Says(why, "ports below 1024 are privileged")) << why;
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

}  // namespace
}  // namespace netgrade::check
