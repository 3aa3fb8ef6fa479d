// What the shared checks say of the sockets of a kind with a wire of its own
// (kinds/own_wire_terms.h): its programs listen with UDP sockets, and the rest is a stream's
// words, as before they were a kind's.
#include "harness/kinds/own_wire_terms.h"

#include <gtest/gtest.h>

#include "harness/kinds/kind.h"
#include "harness/kinds/sockets/terms.h"

namespace netgrade::kinds {
namespace {

TEST(OwnWireTerms, ListenWithUdpSocketsInAStreamsWords) {
  const check::SocketTerms& t = OwnWireTerms();
  EXPECT_EQ(t.proto, observe::SocketProto::kUdp);
  EXPECT_EQ(t.name, "UDP");
  EXPECT_EQ(t.socket_type, "SOCK_DGRAM");
  EXPECT_FALSE(t.may_answer_http);
  EXPECT_EQ(t.listen_on_udp_socket, "") << "what it means of any UDP socket";
  // No reference peer's log to split: a stream's, as the checks read one.
  EXPECT_FALSE(t.datagrams);
  EXPECT_EQ(t.message, "line");
  EXPECT_EQ(t.bind_how, sockets::TcpTerms().bind_how);
  EXPECT_EQ(t.keep_serving, sockets::TcpTerms().keep_serving);
}

TEST(OwnWireTerms, AreIcmpsAndTransports) {
  for (spec::Protocol p : {spec::Protocol::kIcmp, spec::Protocol::kTransport}) {
    const check::SocketTerms& t = KindOf(p).checks.terms;
    EXPECT_EQ(t.name, "UDP");
    EXPECT_EQ(t.keep_serving, OwnWireTerms().keep_serving);
  }
}

}  // namespace
}  // namespace netgrade::kinds
