#include "harness/check/port_advice.h"

#include <gtest/gtest.h>

namespace netgrade::check {
namespace {

observe::Observation With(const spec::Role& role, uint16_t port) {
  observe::Observation obs;
  obs.role = &role;
  obs.port = port;
  return obs;
}

TEST(PortAdvice, APortOnTheCommandLineNamesItsArgument) {
  spec::Role client{.name = "client",
                    .names = {"client"},
                    .listens = false,
                    .argv = {"{host}", "{port}"},
                    .port_env = {},
                    .mark = {}};
  EXPECT_EQ(PortOrigin(With(client, 5000)), "given on its command line (sys.argv[2] / argv[2])");
  std::string advice = PortAdvice(With(client, 5000), 12000);
  EXPECT_NE(advice.find("port 5000 on its command line"), std::string::npos) << advice;
  EXPECT_NE(advice.find("sys.argv[2]"), std::string::npos) << advice;

  spec::Role server{.name = "server",
                    .names = {"server"},
                    .listens = true,
                    .argv = {"{port}"},
                    .port_env = {},
                    .mark = {}};
  EXPECT_NE(PortAdvice(With(server, 5000), 12000).find("sys.argv[1]"), std::string::npos);
}

// The case's own port is marked in the advice: two cases' advice differs only by it.
TEST(PortAdvice, MarksTheCasesPort) {
  spec::Role server{.name = "server",
                    .names = {"server"},
                    .listens = true,
                    .argv = {"{port}"},
                    .port_env = {},
                    .mark = {}};
  Phrase advice = PortAdvice(With(server, 5000), 12000);
  EXPECT_NE(advice.find("port 5000 on its command line"), std::string::npos) << advice;
  EXPECT_EQ(advice.without_case_port(),
            "netgrade gave it port {port} on its command line: take the port from there "
            "(sys.argv[1] / argv[1]) instead of writing it into the program.");
  EXPECT_EQ(PortAdvice(With(server, 5001), 12000).without_case_port(), advice.without_case_port());
  EXPECT_EQ(PortOrigin(With(server, 5000)).without_case_port(), "")
      << "a port on the command line: its origin names no port";
}

TEST(PortAdvice, APortInTheEnvironmentNamesTheVariable) {
  spec::Role server{.name = "server",
                    .names = {"server"},
                    .listens = true,
                    .argv = {},
                    .port_via = spec::PortVia::kEnv,
                    .port_env = "SERVER_PORT",
                    .mark = {}};
  EXPECT_EQ(PortOrigin(With(server, 5000)), "given in the environment variable SERVER_PORT");
  std::string advice = PortAdvice(With(server, 5000), 12000);
  EXPECT_NE(advice.find("int(os.environ['SERVER_PORT'])"), std::string::npos) << advice;
  EXPECT_NE(advice.find("getenv(\"SERVER_PORT\")"), std::string::npos) << advice;
}

TEST(PortAdvice, AFixedPortIsWrittenIntoTheProgram) {
  spec::Role server{.name = "server",
                    .names = {"server"},
                    .listens = true,
                    .argv = {},
                    .port_via = spec::PortVia::kFixed,
                    .port_env = "",
                    .fixed_port = 12000,
                    .mark = {}};
  EXPECT_EQ(PortOrigin(With(server, 12000)), "the exercise's port 12000");
  EXPECT_EQ(PortAdvice(With(server, 12000), 5000),
            "The exercise says port 12000; your program uses 5000. Write port 12000 into the "
            "program.");
}

TEST(PortAdvice, AnArgvWithoutThePortSaysTheCommandLineOnly) {
  spec::Role odd{.name = "server",
                 .names = {"server"},
                 .listens = true,
                 .argv = {"--verbose"},
                 .port_env = {},
                 .mark = {}};
  EXPECT_EQ(PortOrigin(With(odd, 5000)), "given on its command line");
}

}  // namespace
}  // namespace netgrade::check

namespace netgrade::check {
namespace {

TEST(WrittenAddress, AnotherComputersAddressIsNamedTheCasesOwnAreNot) {
  EXPECT_EQ(WrittenAddress("10.0.0.1"), "10.0.0.1");
  EXPECT_EQ(WrittenAddress("::ffff:10.0.0.1"), "10.0.0.1");
  EXPECT_EQ(WrittenAddress("2001:db8::1"), "2001:db8::1");
  for (const char* own : {"", "0.0.0.0", "::", "127.0.0.1", "127.0.1.1", "::1", "::ffff:127.0.0.1",
                          "192.0.2.1", "192.0.2.2"})
    EXPECT_EQ(WrittenAddress(own), "") << own;
}

}  // namespace
}  // namespace netgrade::check
