// The TCP and UDP kinds (kinds/sockets/kind.h): what is theirs alone.
#include "harness/kinds/sockets/kind.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include "harness/spec/load.h"

namespace netgrade::sockets {
namespace {

spec::Spec Load(const std::string& yaml) {
  spec::LoadResult r = spec::LoadSpecString(yaml, "sockets-test.yaml");
  for (const spec::SpecError& e : r.errors) ADD_FAILURE() << e.mark.line << ": " << e.message;
  return std::move(*r.spec);
}

TEST(SocketKinds, TheirPeersOpenTheProtocolsSocketsAndTheRunnerPlaysTheirCases) {
  EXPECT_EQ(TcpKind().socket_type, SOCK_STREAM);
  EXPECT_EQ(UdpKind().socket_type, SOCK_DGRAM);
  EXPECT_EQ(TcpKind().label, "TCP");
  EXPECT_EQ(UdpKind().label, "UDP");
  EXPECT_FALSE(TcpKind().start_case);
  EXPECT_FALSE(TcpKind().raw_sockets);
}

// A program in the middle reaches netgrade's server by the name in a message: only a name
// server of the case's own may answer it. A plain client's case runs anywhere.
TEST(SocketKinds, ACaseThatPlaysBothSidesNeedsANetworkOfItsOwn) {
  spec::Spec s = Load(R"(exercise: middle
protocol: tcp
roles:
  proxy:
    listens: true
    argv: ["{port}"]
  client:
    listens: false
    argv: ["{host}", "{port}"]
cases:
  - name: through
    role: proxy
    script:
      - connect: a
      - send: "GET http://origin.test:{origin_port}/ HTTP/1.0\n\n"
        on: a
      - accept: o
      - expect: {matches: '^GET / HTTP/1\.0$'}
        on: o
  - name: plain
    role: client
    stdin: ["hi"]
    peer:
      reply: "{upper}"
    expect:
      received: stdin
)");
  std::string needs = TcpKind().needs_own_network(s, s.cases[0]);
  EXPECT_NE(needs.find("name server of the case's own"), std::string::npos) << needs;
  EXPECT_EQ(TcpKind().needs_own_network(s, s.cases[1]), "");
}

}  // namespace
}  // namespace netgrade::sockets
