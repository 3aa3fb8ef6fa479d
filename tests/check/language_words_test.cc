// A fix is worded in the program's language: its source's ending, or the source beside the
// compiled program (server -> server.c); Python's words for anything else.
#include "harness/check/language_words.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/temp_dir.h"

namespace netgrade::check {
namespace {
namespace fs = std::filesystem;

class LanguageWords : public testing::Test {
 protected:
  std::string Program(const std::string& name) {
    fs::path p = dir_.path() / name;
    std::ofstream(p) << "\n";
    return p.string();
  }
  testing_support::UniqueTempDir dir_{"netgrade-language-words"};
};

TEST_F(LanguageWords, TimeoutAndReadLineInEachLanguage) {
  EXPECT_EQ(TimeoutCall(Program("UDPClient.java")),
            "socket.setSoTimeout(1000), then catch SocketTimeoutException");
  Program("client.c");
  std::string compiled = (dir_.path() / "client").string();
  EXPECT_NE(TimeoutCall(compiled).find("SO_RCVTIMEO"), std::string::npos);
  EXPECT_NE(ReadLineCall(compiled).find("recv() in a loop"), std::string::npos);
  EXPECT_EQ(ReadLineCall(Program("TCPServer.java")), "in Java: a BufferedReader's readLine()");
  EXPECT_EQ(TimeoutCall(Program("client.py")), "sock.settimeout(1.0)");
  EXPECT_EQ(TimeoutCall((dir_.path() / "nothing-beside").string()), "sock.settimeout(1.0)");
  EXPECT_EQ(ReadLineCall(""), "in Python: conn.makefile('rb')");
  EXPECT_NE(ReadLineCall(Program("client.js")).find("readline"), std::string::npos);
}

// The advice a Java chat server got in Python's words (issue 36): each language its own.
TEST_F(LanguageWords, ServingEveryClientWaitingListeningAndRebinding) {
  std::string py = Program("server.py"), java = Program("ChatServer.java"),
              go = Program("server.go"), js = Program("server.js"), cpp = Program("server.cpp");
  EXPECT_NE(ServeEveryClient(py).find("selectors"), std::string::npos);
  EXPECT_EQ(ServeEveryClient(java).find("selectors"), std::string::npos);
  EXPECT_NE(ServeEveryClient(java).find("new Thread("), std::string::npos);
  EXPECT_NE(ServeEveryClient(go).find("go handle(conn)"), std::string::npos);
  EXPECT_NE(ServeEveryClient(cpp).find("select() or poll()"), std::string::npos);
  EXPECT_NE(ServeEveryClient(js).find("'data' handler"), std::string::npos);
  EXPECT_NE(WaitWithoutSpinning(java).find("blocking read()"), std::string::npos);
  EXPECT_EQ(WaitWithoutSpinning(java).find("selectors"), std::string::npos);
  EXPECT_NE(ListenEverywhere(py).find("''"), std::string::npos);
  EXPECT_NE(ListenEverywhere(cpp).find("INADDR_ANY"), std::string::npos);
  EXPECT_NE(ListenEverywhere(java).find("new ServerSocket(port)"), std::string::npos);
  EXPECT_NE(ReuseAddress(py).find("socket.SO_REUSEADDR, 1)"), std::string::npos);
  EXPECT_NE(ReuseAddress(cpp).find("setsockopt(fd, SOL_SOCKET, SO_REUSEADDR"), std::string::npos);
  EXPECT_NE(ReuseAddress(java).find("setReuseAddress(true)"), std::string::npos);
  EXPECT_EQ(ReuseAddress(go).find("socket.SO_REUSEADDR"), std::string::npos);
}

}  // namespace
}  // namespace netgrade::check
