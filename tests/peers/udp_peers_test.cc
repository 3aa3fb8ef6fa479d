// The UDP reference peers keep a bounded record of a flood.
#include "harness/peers/udp_peers.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

namespace netgrade::peers {
namespace {

// The message loses its newline; its size says which one it had (netgrade peer shows it).
TEST(UdpServerPeer, RecordsEachDatagramsSizeAsItCame) {
  EventLoop loop;
  UdpServerPeer peer(loop, Address::Parse("127.0.0.1", 0), std::nullopt);
  Fd client = UdpBind(Address::Parse("127.0.0.1", 0));
  const Address& to = peer.address();
  for (std::string d : {"one\r\n", "two"})
    ASSERT_EQ(::sendto(client.get(), d.data(), d.size(), 0, to.sa(), to.length), ssize_t(d.size()));
  ASSERT_TRUE(
      loop.RunUntil([&] { return !peer.log().empty() && peer.log()[0].datagrams.size() == 2; },
                    Clock::now() + std::chrono::seconds(5)));
  EXPECT_EQ(peer.log()[0].datagrams, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(peer.log()[0].datagram_sizes, (std::vector<size_t>{5, 3}));
}

TEST(UdpServerPeer, StopsRecordingAFloodAtItsCapAndSaysSo) {
  EventLoop loop;
  UdpServerPeer peer(loop, Address::Parse("127.0.0.1", 0), std::nullopt);
  Fd client = UdpBind(Address::Parse("127.0.0.1", 0));
  std::string big(60000, 'x');
  const Address& to = peer.address();
  size_t sent = 0;
  // One datagram at a time, each seen by the peer before the next (no loss in the kernel).
  while (sent * big.size() < 2 * kRecordBytes) {
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
  EXPECT_LE(kept, kRecordBytes);
  EXPECT_GT(kept, kRecordBytes - big.size() - 1);
}

// U+0390 is two bytes, and three letters (six bytes) in upper case: the answers to a flood
// weigh three times what came. They go out, but only the first few MiB are recorded.
TEST(UdpServerPeer, RecordsItsAnswersToAFloodOnlyUpToItsCap) {
  EventLoop loop;
  UdpServerPeer peer(loop, Address::Parse("127.0.0.1", 0), "{upper}");
  Fd client = UdpBind(Address::Parse("127.0.0.1", 0));
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "\u0390";  // 10 KB, 30 KB upper-cased
  const Address& to = peer.address();
  size_t sent = 0;
  while (peer.log().empty() || !peer.log()[0].replies_cut) {
    ASSERT_LT(sent, 1000u) << "never stopped recording its answers";
    ASSERT_EQ(::sendto(client.get(), text.data(), text.size(), 0, to.sa(), to.length),
              ssize_t(text.size()));
    ++sent;
    ASSERT_TRUE(
        loop.RunUntil([&] { return !peer.log().empty() && peer.log()[0].datagrams.size() == sent; },
                      Clock::now() + std::chrono::seconds(5)));
  }
  const ConnectionLog& log = peer.log()[0];
  EXPECT_FALSE(log.received_cut) << "the datagrams themselves were within the cap";
  size_t recorded = 0;
  for (const std::string& r : log.replies_sent) recorded += r.size();
  EXPECT_LE(recorded, kRecordBytes);
  EXPECT_GT(recorded, kRecordBytes - 3 * text.size());
  EXPECT_EQ(log.replies_sent.size(), recorded / (3 * text.size()));
  char answer[65536];
  EXPECT_EQ(::recv(client.get(), answer, sizeof answer, MSG_DONTWAIT), ssize_t(3 * text.size()))
      << "answered though not recorded";
}

}  // namespace
}  // namespace netgrade::peers
