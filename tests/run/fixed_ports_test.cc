// Programs on a fixed port on this machine's own network: which ports are fixed, a run's turn
// on them (stopped when another program holds one), the wait for the case before's closing
// connections, and a program's words for a port another case took.
#include "harness/run/fixed_ports.h"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "harness/base/address.h"
#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/check/restart_checks.h"
#include "harness/observe/sock_diag.h"
#include "harness/sandbox/netns.h"
#include "tests/support/freed_port.h"
#include "tests/support/held_port.h"
#include "tests/support/loopback_connection.h"
#include "tests/support/program_case.h"

namespace netgrade::run {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// tcp-capitalize's two roles, the server's port given as `server_via` says.
spec::Spec ServerAndClient(spec::PortVia server_via, int server_port) {
  spec::Spec s = testing_support::CapitalizeSpec();
  s.roles[0].port_via = server_via;
  s.roles[0].fixed_port = server_port;
  return s;
}

// A port the kernel chose for a listener that is gone again.
uint16_t FreedPort() { return testing_support::FreedPort(SOCK_STREAM); }

TEST(FixedPorts, AreThePortsOfTheRolesOnAFixedOne) {
  EXPECT_EQ(FixedPorts(ServerAndClient(spec::PortVia::kFixed, 12000)),
            std::vector<uint16_t>{12000});
  EXPECT_TRUE(FixedPorts(ServerAndClient(spec::PortVia::kArgv, 0)).empty());
  EXPECT_TRUE(FixedPorts(ServerAndClient(spec::PortVia::kFixed, 70000)).empty()) << "no port";
}

TEST(SharedNetwork, IsThisMachinesWithoutNamespacesOfTheCasesOwn) {
  RunOptions run;
  run.isolate = false;
  EXPECT_TRUE(SharedNetwork(run));
  run.isolate = true;
  EXPECT_EQ(SharedNetwork(run), !sandbox::NetNamespace::Available());
}

TEST(PortTakenByAnotherCase, IsAFailedProgramThatSaidItsPortWasInUse) {
  check::CaseResult r;
  r.verdict = check::Verdict::kFail;
  r.said_address_in_use = true;
  EXPECT_TRUE(PortTakenByAnotherCase(r));
  // Not from the diagnosis's words: a message that quotes the phrase is not the program's.
  r.said_address_in_use = false;
  r.message = "bind() failed with 'Address already in use': another socket holds that port.";
  EXPECT_FALSE(PortTakenByAnotherCase(r));
  r.said_address_in_use = true;
  r.verdict = check::Verdict::kGraderError;
  EXPECT_FALSE(PortTakenByAnotherCase(r)) << "the grader's own failure is not the program's";
  r.verdict = check::Verdict::kPass;
  EXPECT_FALSE(PortTakenByAnotherCase(r));
}

TEST(PortTakenByAnotherCase, EachLanguagesWordsForAPortInUseAreSeen) {
  for (const char* said : {"OSError: [Errno 98] Address already in use",
                           "bind: Address already in use", "Error: listen EADDRINUSE: :::12000",
                           "java.net.BindException: Address already in use (Bind failed)"})
    EXPECT_TRUE(check::AddressInUseLine(std::string("Traceback\n") + said + "\n")) << said;
  EXPECT_FALSE(check::AddressInUseLine("ConnectionRefusedError: Connection refused\n"));
}

// On a network of the cases' own no run waits for another: no turn is taken.
TEST(TakeFixedPortTurns, NoTurnOnANetworkOfTheCasesOwn) {
  if (!sandbox::NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  RunOptions run;
  EXPECT_FALSE(
      TakeFixedPortTurns(ServerAndClient(spec::PortVia::kFixed, FreedPort()), run, {}).has_value());
}

// On this machine's own network the run takes its turn on the fixed port, and a port another
// program holds (a child here, holding it until its pipe closes) stops the run, naming it.
TEST(TakeFixedPortTurns, TakesTheTurnAndStopsOnAPortAnotherProgramHolds) {
  RunOptions run;
  run.isolate = false;
  uint16_t port = FreedPort();
  {
    std::optional<sandbox::PortLocks> turn =
        TakeFixedPortTurns(ServerAndClient(spec::PortVia::kFixed, port), run, {});
    ASSERT_TRUE(turn.has_value());
    EXPECT_EQ(turn->held(), std::vector<uint16_t>{port});
  }
  testing_support::HeldByAChild holder(TcpListen(Address::Parse("127.0.0.1", port)));
  try {
    TakeFixedPortTurns(ServerAndClient(spec::PortVia::kFixed, port), run, {});
    ADD_FAILURE() << "the run went on with port " << port << " taken";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()).find(fmt::format("Port {}, which", port)), 0u) << e.what();
  }
}

// Sockets that are only closing go away by themselves: they are waited for (within the bound
// given here). Anything else on the port, or nothing, is not.
TEST(WaitForNoSocketOn, WaitsOnlyWhileEverySocketOnThePortIsClosing) {
  auto [client, server] = testing_support::ConnectOverLoopback();
  const uint16_t port = LocalAddress(server.get()).port();
  if (!observe::DiagSockets({{observe::SocketProto::kTcp, kAnyState, port, 0}}))
    GTEST_SKIP() << "sock_diag refused here";
  auto start = steady_clock::now();
  WaitForNoSocketOn(port, milliseconds(60'000));
  EXPECT_LT(steady_clock::now() - start, milliseconds(30'000))
      << "an open connection is not closing";
  // The server's end closes first, as the textbook's does: it stays in TIME_WAIT.
  server.Reset();
  client.Reset();
  start = steady_clock::now();
  WaitForNoSocketOn(port, milliseconds(300));
  EXPECT_GE(steady_clock::now() - start, milliseconds(300)) << "TIME_WAIT was not waited for";
  start = steady_clock::now();
  WaitForNoSocketOn(FreedPort(), milliseconds(60'000));
  EXPECT_LT(steady_clock::now() - start, milliseconds(30'000)) << "nothing there to wait for";
}

// With namespaces of the cases' own, the fixed port of the case before is in another network.
TEST(WaitForFixedPortsToClear, DoesNotWaitOnANetworkOfTheCasesOwn) {
  if (!sandbox::NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  auto [client, server] = testing_support::ConnectOverLoopback();
  const uint16_t port = LocalAddress(server.get()).port();
  server.Reset();
  client.Reset();
  RunOptions run;
  auto start = steady_clock::now();
  WaitForFixedPortsToClear(ServerAndClient(spec::PortVia::kFixed, port), run);
  EXPECT_LT(steady_clock::now() - start, milliseconds(30'000));
}

}  // namespace
}  // namespace netgrade::run
