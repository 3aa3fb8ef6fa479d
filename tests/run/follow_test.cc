// A UDP script socket that follows the port its answers come from (`connect: a, follow: true`):
// a TFTP-like server answers a request from a new socket of its own (RFC 1350's transfer
// identifier) and waits for each acknowledgement there. Graded with and without a proxy (a
// case with faults has one between them, which must follow too).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "harness/run/grade.h"
#include "harness/spec/load.h"
#include "tests/support/inline_spec.h"
#include "tests/support/temp_dir.h"

namespace netgrade::run {
namespace {

// FOLLOW and FAULTS are filled in by each test.
constexpr const char* kSpec = R"(
exercise: tid
protocol: udp
roles:
  server: {listens: true, names: [server], argv: ["{port}"]}
cases:
  - name: two-blocks
    role: server
    timeout: 4s
    FAULTS
    script:
      - {connect: aFOLLOW}
      - {send: "RRQ", on: a}
      - {expect: {text: "DATA 1"}, on: a}
      - {send: "ACK 1", on: a}
      - {expect: {text: "DATA 2"}, on: a}
      - {send: "ACK 2", on: a}
    expect:
      exit: running
)";

// Answers RRQ from a socket of its own, and sends block 2 only once ACK 1 came there.
constexpr const char* kServer = R"(import socket, sys
main = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
main.bind(("", int(sys.argv[1])))
while True:
    data, client = main.recvfrom(512)
    if data != b"RRQ":
        continue
    tid = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tid.bind(("", 0))
    for block in (1, 2):
        tid.sendto(b"DATA %d" % block, client)
        while tid.recvfrom(512)[0] != b"ACK %d" % block:
            pass
)";

check::GradeResult GradeServer(bool follow, bool faults) {
  std::string yaml = kSpec;
  auto fill = [&](const std::string& key, const std::string& value) {
    yaml.replace(yaml.find(key), key.size(), value);
  };
  fill("FOLLOW", follow ? ", follow: true" : "");
  fill("FAULTS", faults ? "faults: {to_student: {delay: 1ms}}" : "");
  spec::Spec s = testing_support::LoadInline(yaml.c_str());
  testing_support::UniqueTempDir dir("netgrade-tid");
  std::ofstream(dir.path() / "server.py") << kServer;
  GradeOptions o;
  o.submission = dir.path().string();
  return Grade(s, o);
}

TEST(FollowingSocket, SendsItsAcksToTheServersNewPort) {
  check::GradeResult r = GradeServer(true, false);
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_TRUE(r.cases[0].passed()) << r.cases[0].message;
}

TEST(FollowingSocket, FollowsThroughTheProxyOfACaseWithFaults) {
  check::GradeResult r = GradeServer(true, true);
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_TRUE(r.cases[0].passed()) << r.cases[0].message;
  EXPECT_EQ(r.cases[0].events_from, "proxy") << "no proxy: the case proved nothing about it";
}

// Without `follow`, ACK 1 goes to the server's first port and block 2 never comes: the test
// above passes for the option's sake alone.
TEST(FollowingSocket, WithoutFollowTheAckMissesTheNewPort) {
  check::GradeResult r = GradeServer(false, false);
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_FALSE(r.cases[0].passed());
  check::GradeResult through_proxy = GradeServer(false, true);
  ASSERT_EQ(through_proxy.cases.size(), 1u);
  EXPECT_FALSE(through_proxy.cases[0].passed());
}

}  // namespace
}  // namespace netgrade::run
