// The UDP reference peers keep a bounded record of a flood.
#include "harness/peers/udp_peers.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

namespace netgrade::peers {
namespace {

TEST(UdpServerPeer, StopsRecordingAFloodAtItsCapAndSaysSo) {
  EventLoop loop;
  UdpServerPeer peer(loop, Address::Parse("127.0.0.1", 0), std::nullopt);
  Fd client = UdpBind(Address::Parse("127.0.0.1", 0));
  std::string big(60000, 'x');
  const Address& to = peer.address();
  size_t sent = 0;
  // One datagram at a time, each seen by the peer before the next (no loss in the kernel).
  while (sent * big.size() < 2 * kDatagramRecordCap) {
    ASSERT_EQ(::sendto(client.get(), big.data(), big.size(), 0, to.sa(), to.length),
              ssize_t(big.size()));
    ++sent;
    auto seen = [&] {
      return !peer.log().empty() &&
             (peer.log()[0].datagrams.size() == sent || peer.log()[0].received_cut);
    };
    ASSERT_TRUE(loop.RunUntil(seen, Clock::now() + std::chrono::seconds(5)));
    if (peer.log()[0].received_cut) break;
  }
  ASSERT_EQ(peer.log().size(), 1u);
  EXPECT_TRUE(peer.log()[0].received_cut);
  size_t kept = 0;
  for (const std::string& d : peer.log()[0].datagrams) kept += d.size();
  EXPECT_LE(kept, kDatagramRecordCap);
  EXPECT_GT(kept, kDatagramRecordCap - big.size() - 1);
}

}  // namespace
}  // namespace netgrade::peers
