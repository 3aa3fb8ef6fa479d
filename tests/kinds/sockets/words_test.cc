// The TCP and UDP labs in words (kinds/sockets/words.h), as `netgrade explain` prints them.
#include "harness/kinds/sockets/words.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"

namespace netgrade::sockets {
namespace {

spec::Spec Lab(const std::string& protocol) {
  spec::LoadResult r = spec::LoadSpecString("exercise: words\nprotocol: " + protocol + R"(
roles:
  server:
    listens: true
    argv: ["{port}"]
  client:
    listens: false
    argv: ["{host}", "{port}"]
cases:
  - name: two-clients
    role: server
    peer:
      connections:
        - send: ["one", "two"]
          mode: conversation
        - send: ["three"]
    expect:
      replies: upper
  - name: answered
    role: client
    stdin: ["hi"]
    peer:
      reply: "{upper} [answer {n}]"
    expect:
      received: stdin
)",
                                            "words.yaml");
  EXPECT_TRUE(r.ok());
  return std::move(*r.spec);
}

// A UDP client has sockets, not connections, and sends a datagram a message.
TEST(SocketWords, TheReferenceClientsMessagesInTheProtocolsWords) {
  spec::Spec tcp = Lab("tcp");
  std::string t = CaseWords(tcp, tcp.cases[0]);
  EXPECT_NE(t.find("makes 2 connections, one after the other"), std::string::npos) << t;
  EXPECT_NE(t.find("connection 1: sends 'one', 'two' (one at a time, each after the previous "
                   "answer)"),
            std::string::npos)
      << t;
  spec::Spec udp = Lab("udp");
  std::string u = CaseWords(udp, udp.cases[0]);
  EXPECT_NE(u.find("makes 2 client sockets"), std::string::npos) << u;
  EXPECT_NE(u.find("one datagram each, each after the previous answer"), std::string::npos) << u;
}

TEST(SocketWords, TheReferenceServersAnswerIsSpelledOut) {
  spec::Spec tcp = Lab("tcp");
  std::string t = CaseWords(tcp, tcp.cases[1]);
  EXPECT_NE(t.find("answers every message with the message in upper case + \" [answer \" + its "
                   "number (1, 2, ...) + \"]\""),
            std::string::npos)
      << t;
}

TEST(SocketWords, ARoleSaysWhereItsPortComesFromAndWhetherItListens) {
  spec::Spec tcp = Lab("tcp");
  std::string r = RoleWords(tcp.roles[0]);
  EXPECT_NE(r.find("run with arguments {port}; the port comes in its arguments; it listens"),
            std::string::npos)
      << r;
  EXPECT_NE(RoleWords(tcp.roles[1]).find("it connects"), std::string::npos);
}

}  // namespace
}  // namespace netgrade::sockets
