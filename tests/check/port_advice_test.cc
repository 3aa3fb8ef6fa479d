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
  spec::Role client{"client", {"client"}, false, {"{host}", "{port}"}};
  EXPECT_EQ(PortOrigin(With(client, 5000)), "given on its command line (sys.argv[2] / argv[2])");
  std::string advice = PortAdvice(With(client, 5000), 12000);
  EXPECT_NE(advice.find("port 5000 on its command line"), std::string::npos) << advice;
  EXPECT_NE(advice.find("sys.argv[2]"), std::string::npos) << advice;

  spec::Role server{"server", {"server"}, true, {"{port}"}};
  EXPECT_NE(PortAdvice(With(server, 5000), 12000).find("sys.argv[1]"), std::string::npos);
}

TEST(PortAdvice, APortInTheEnvironmentNamesTheVariable) {
  spec::Role server{"server", {"server"}, true, {}, spec::PortVia::kEnv, "SERVER_PORT"};
  EXPECT_EQ(PortOrigin(With(server, 5000)), "given in the environment variable SERVER_PORT");
  std::string advice = PortAdvice(With(server, 5000), 12000);
  EXPECT_NE(advice.find("int(os.environ['SERVER_PORT'])"), std::string::npos) << advice;
  EXPECT_NE(advice.find("getenv(\"SERVER_PORT\")"), std::string::npos) << advice;
}

TEST(PortAdvice, AFixedPortIsWrittenIntoTheProgram) {
  spec::Role server{"server", {"server"}, true, {}, spec::PortVia::kFixed, "", 12000};
  EXPECT_EQ(PortOrigin(With(server, 12000)), "the exercise's port 12000");
  EXPECT_EQ(PortAdvice(With(server, 12000), 5000),
            "The exercise says port 12000; your program uses 5000. Write port 12000 into the "
            "program.");
}

TEST(PortAdvice, AnArgvWithoutThePortSaysTheCommandLineOnly) {
  spec::Role odd{"server", {"server"}, true, {"--verbose"}};
  EXPECT_EQ(PortOrigin(With(odd, 5000)), "given on its command line");
}

}  // namespace
}  // namespace netgrade::check
