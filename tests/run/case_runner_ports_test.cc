// run::RunCase end to end with a server on another port than the one given, written into it as
// course code does: it is graded there. The port written in is one the kernel just freed
// (nothing listens there), never a fixed one. (A client's datagrams there: case_watches_test.)
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <string>

#include "harness/base/address.h"
#include "harness/base/fd.h"
#include "harness/run/case_runner.h"
#include "tests/support/program_case.h"

namespace netgrade::run {
namespace {

TEST(CaseRunnerPorts, AServerOnAnotherPortIsGradedThere) {
  spec::Spec s = testing_support::CapitalizeSpec();
  s.exercise = "ports";
  spec::Case c = s.cases[0];
  c.name = "server-line";
  c.timeout_ms = 60000;  // bounds a failure only
  c.peer.connections[0].send = {"hello world"};
  s.cases = {c};
  // A port the kernel just freed: nothing listens there.
  const uint16_t port = LocalAddress(TcpListen(Address::Parse("127.0.0.1", 0)).get()).port();
  auto dir = testing_support::ProgramDir("server", "server.py",
                                         fmt::format(R"(from socket import *
serverPort = {}
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
while True:
    connectionSocket, addr = serverSocket.accept()
    for line in connectionSocket.makefile('rb'):
        connectionSocket.send(line.upper())
    connectionSocket.close()
)",
                                                     port));
  check::CaseResult r = testing_support::RunCaseOn(s, 0, dir);
  EXPECT_EQ(r.code, check::Code::kWrongPort) << r.message;
  // Run again on the port it chose, it was right: a note says so, naming that port.
  ASSERT_FALSE(r.finding_notes.empty()) << r.message;
  EXPECT_NE(r.finding_notes.back().find(std::to_string(port)), std::string::npos) << r.message;
  EXPECT_LT(r.wall_ms, 5000) << "the case waited for its timeout";
}

}  // namespace
}  // namespace netgrade::run
