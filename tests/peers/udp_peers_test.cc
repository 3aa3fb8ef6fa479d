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

// A reference sender that resends until acknowledged counts how often a message went again
// with nothing at all come back (a receiver that acks to a port written in it): the case is
// settled by it. Any datagram back, even a wrong ack, stops the count mattering.
TEST(UdpClientPeer, CountsResendsOnlyWhileNothingCameBack) {
  EventLoop loop;
  Fd receiver = UdpBind(Address::Parse("127.0.0.1", 0));
  Address at = LocalAddress(receiver.get());
  std::vector<spec::Connection> plan(1);
  plan[0].send = {"first", "second"};
  UdpClientPeer peer(loop, plan, true, false, at);
  peer.SetReliable("{bit}:{line}", "ACK:{bit}", 5);
  peer.Start();
  EXPECT_EQ(peer.unanswered_resends(), 0);
  ASSERT_TRUE(loop.RunUntil([&] { return peer.unanswered_resends() >= 2; },
                            Clock::now() + std::chrono::seconds(5)));
  // Each resend is the same datagram, the first line's.
  char buf[64];
  Address from;
  from.length = sizeof from.storage;
  ssize_t n = ::recvfrom(receiver.get(), buf, sizeof buf, 0, from.sa(), &from.length);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, static_cast<size_t>(n)), "0:first");
  // A wrong ack comes back: the flow has heard from the receiver.
  std::string wrong = "ACK:1";
  ASSERT_EQ(::sendto(receiver.get(), wrong.data(), wrong.size(), 0, from.sa(), from.length),
            ssize_t(wrong.size()));
  ASSERT_TRUE(loop.RunUntil([&] { return !peer.log()[0].datagrams.empty(); },
                            Clock::now() + std::chrono::seconds(5)));
  EXPECT_EQ(peer.unanswered_resends(), 0);
  EXPECT_FALSE(peer.done());  // still waiting for ACK:0
}

// Once the case's verdict is decided the sender is hushed: no resend is due any more, and an
// ack that comes then sends no next message (what crossed the proxy in the exit grace had made
// the same seed's transcript hold one resend more in some runs).
TEST(UdpClientPeer, HushedItSendsNothingMore) {
  EventLoop loop;
  Fd receiver = UdpBind(Address::Parse("127.0.0.1", 0));
  std::vector<spec::Connection> plan(1);
  plan[0].send = {"first", "second"};
  UdpClientPeer peer(loop, plan, true, false, LocalAddress(receiver.get()));
  peer.SetReliable("{bit}:{line}", "ACK:{bit}", 5);
  peer.Start();
  ASSERT_TRUE(loop.RunUntil([&] { return peer.unanswered_resends() >= 1; },
                            Clock::now() + std::chrono::seconds(5)));
  ASSERT_GT(loop.actions_pending(), 0u) << "a resend is due";
  peer.Hush();
  EXPECT_EQ(loop.actions_pending(), 0u) << "a resend is still due after Hush";
  char buf[64];
  Address from;
  from.length = sizeof from.storage;
  ASSERT_GT(::recvfrom(receiver.get(), buf, sizeof buf, 0, from.sa(), &from.length), 0);
  std::string ack = "ACK:0";
  ASSERT_EQ(::sendto(receiver.get(), ack.data(), ack.size(), 0, from.sa(), from.length),
            ssize_t(ack.size()));
  ASSERT_TRUE(loop.RunUntil([&] { return !peer.log()[0].datagrams.empty(); },
                            Clock::now() + std::chrono::seconds(5)));
  EXPECT_EQ(peer.log()[0].sent, std::vector<std::string>{"first"}) << "the next message went";
  EXPECT_EQ(loop.actions_pending(), 0u);
}

TEST(UdpClientPeer, ItResendsUntilTheVerdictIsDecidedAndNotOnceMore) {
  EventLoop loop;
  Fd receiver = UdpBind(Address::Parse("127.0.0.1", 0));
  std::vector<spec::Connection> plan(1);
  plan[0].send = {"first"};
  UdpClientPeer peer(loop, plan, true, false, LocalAddress(receiver.get()));
  peer.SetReliable("{bit}:{line}", "ACK:{bit}", 5);
  int asked = 0;
  peer.HoldResendsWhen([&] { return ++asked > 2; });  // decided after two resends
  peer.Start();
  ASSERT_TRUE(loop.RunUntil([&] { return asked > 2; }, Clock::now() + std::chrono::seconds(5)));
  EXPECT_EQ(peer.unanswered_resends(), 2);
  EXPECT_EQ(loop.actions_pending(), 0u) << "a resend is still due once decided";
  // What reached the receiver: the first send and the two resends, nothing after.
  int datagrams = 0;
  char buf[64];
  while (::recv(receiver.get(), buf, sizeof buf, MSG_DONTWAIT) > 0) ++datagrams;
  EXPECT_EQ(datagrams, 3);
}

}  // namespace
}  // namespace netgrade::peers
