// What the shared checks say of a TCP lab's sockets and of a UDP lab's (kinds/sockets/terms.h):
// a stream of lines on connections, and datagrams, each in its own words only.
#include "harness/kinds/sockets/terms.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "harness/check/traceback.h"
#include "harness/kinds/sockets/kind.h"

namespace netgrade::sockets {
namespace {

using Words = std::vector<std::pair<const char*, std::string>>;

// Every word of `t`, by its field's name.
Words WordsOf(const check::SocketTerms& t) {
  return {{"name", t.name},
          {"socket_type", t.socket_type},
          {"message", t.message},
          {"channel", t.channel},
          {"contact", t.contact},
          {"contacted", t.contacted},
          {"reach", t.reach},
          {"create_socket", t.create_socket},
          {"other_did", t.other_did},
          {"bind_how", t.bind_how},
          {"keep_serving", t.keep_serving},
          {"serve_loop", t.serve_loop},
          {"send_back", t.send_back},
          {"server_sends", t.server_sends},
          {"send_each_as", t.send_each_as},
          {"send_each_then_wait", t.send_each_then_wait},
          {"listen_on_udp_socket", t.listen_on_udp_socket}};
}

bool Says(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

constexpr char kListenOnUdp[] =
    "  File \"server.py\", line 6, in <module>\n"
    "    serverSocket.listen(1)\n"
    "OSError: [Errno 95] Operation not supported\n";

TEST(TcpTerms, AreAStreamOfLinesOnConnections) {
  const check::SocketTerms& t = TcpTerms();
  EXPECT_FALSE(t.datagrams);
  EXPECT_EQ(t.proto, observe::SocketProto::kTcp);
  EXPECT_TRUE(t.may_answer_http);
  EXPECT_EQ(t.name, "TCP");
  EXPECT_EQ(t.socket_type, "SOCK_STREAM");
  EXPECT_EQ(t.message, "line");
  EXPECT_EQ(t.channel, "connection");
  EXPECT_EQ(t.contact, "connection");
  EXPECT_TRUE(Says(t.keep_serving, "accept()")) << t.keep_serving;
  EXPECT_TRUE(Says(t.serve_loop, "accept()")) << t.serve_loop;
  // Every word is said, and none is UDP's (but what a UDP program did, and a listen() on a UDP
  // socket, which name it).
  for (const auto& [field, words] : WordsOf(t)) {
    EXPECT_FALSE(words.empty()) << field;
    if (std::string(field) == "other_did" || std::string(field) == "listen_on_udp_socket") continue;
    for (const char* udp : {"datagram", "recvfrom", "sendto", "UDP", "SOCK_DGRAM"})
      EXPECT_FALSE(Says(words, udp)) << field << ": " << words;
  }
  EXPECT_TRUE(Says(t.other_did, "UDP")) << t.other_did;
}

TEST(UdpTerms, AreDatagramsWithNoConnections) {
  const check::SocketTerms& t = UdpTerms();
  EXPECT_TRUE(t.datagrams);
  EXPECT_EQ(t.proto, observe::SocketProto::kUdp);
  EXPECT_FALSE(t.may_answer_http);
  EXPECT_EQ(t.name, "UDP");
  EXPECT_EQ(t.socket_type, "SOCK_DGRAM");
  EXPECT_EQ(t.message, "datagram");
  EXPECT_EQ(t.channel, "socket");
  EXPECT_EQ(t.contact, "datagram");
  EXPECT_TRUE(Says(t.keep_serving, "recvfrom()")) << t.keep_serving;
  EXPECT_TRUE(Says(t.serve_loop, "recvfrom()")) << t.serve_loop;
  // Every word is said (a listen() on a UDP socket is what it is of any: check/traceback.cc),
  // and none is TCP's (but what a TCP program did, which names it).
  for (const auto& [field, words] : WordsOf(t)) {
    if (std::string(field) == "listen_on_udp_socket") {
      EXPECT_EQ(words, "");
      continue;
    }
    EXPECT_FALSE(words.empty()) << field;
    if (std::string(field) == "other_did") continue;
    for (const char* tcp : {"connection", "accept", "listen()", "TCP", "SOCK_STREAM", "line"})
      EXPECT_FALSE(Says(words, tcp)) << field << ": " << words;
  }
  EXPECT_TRUE(Says(t.other_did, "TCP")) << t.other_did;
}

// A listen() on a UDP socket is the wrong protocol in a TCP lab, and a listen() too many in a
// UDP one.
TEST(SocketTerms, ReadAListenOnAUdpSocket) {
  std::string tcp = check::ExplainTraceback(
      kListenOnUdp,
      check::TracebackContext{.listen_on_udp_socket = TcpTerms().listen_on_udp_socket});
  EXPECT_TRUE(Says(tcp, "but this exercise is TCP: create the socket with SOCK_STREAM")) << tcp;
  EXPECT_FALSE(Says(tcp, "remove listen()")) << tcp;
  std::string udp = check::ExplainTraceback(
      kListenOnUdp,
      check::TracebackContext{.listen_on_udp_socket = UdpTerms().listen_on_udp_socket});
  EXPECT_TRUE(Says(udp, "remove listen() and accept()")) << udp;
}

// The kinds' checks hold their terms: the shared checks are told them.
TEST(SocketTerms, AreTheKindsChecks) {
  EXPECT_EQ(TcpKind().checks.terms.name, "TCP");
  EXPECT_EQ(UdpKind().checks.terms.name, "UDP");
  EXPECT_TRUE(UdpKind().checks.terms.datagrams);
}

}  // namespace
}  // namespace netgrade::sockets
