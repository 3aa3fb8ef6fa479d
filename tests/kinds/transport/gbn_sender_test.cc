#include "harness/kinds/transport/gbn_sender.h"

#include <gtest/gtest.h>

#include <deque>

#include "harness/kinds/transport/gbn_receiver.h"

namespace netgrade::transport {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
const PacketFormat kFormat = PacketFormat::ReliableTransfer();
constexpr microseconds kTimeout = milliseconds(200);

std::vector<uint8_t> File(size_t size) {
  std::vector<uint8_t> f(size);
  for (size_t i = 0; i < size; ++i) f[i] = static_cast<uint8_t>(i * 7 + i / 251);
  return f;
}
std::vector<uint8_t> Ack(uint64_t seq) { return Encode(kFormat, kFormat.type_ack, seq, {}); }

// The seqs of DATA (or FIN: type 2) datagrams.
std::vector<uint64_t> Seqs(const GbnSender::Datagrams& ds, uint64_t type = 0) {
  std::vector<uint64_t> seqs;
  for (const auto& d : ds) {
    Decoded p = Decode(kFormat, d);
    EXPECT_TRUE(p.valid());
    EXPECT_EQ(p.type, type);
    seqs.push_back(p.seq);
  }
  return seqs;
}

TEST(GbnSender, SendsAWindowAtStartAndNoMoreUntilAnAck) {
  GbnSender s(kFormat, File(10'500), 4, kTimeout);
  EXPECT_EQ(s.packets(), 11u);
  GbnSender::Datagrams first = s.Start(microseconds(0));
  EXPECT_EQ(Seqs(first), (std::vector<uint64_t>{0, 1, 2, 3}));
  EXPECT_EQ(Decode(kFormat, first[0]).len, 1000u);
  EXPECT_EQ(s.NextTimer(), kTimeout);
  EXPECT_TRUE(s.OnTimer(milliseconds(199)).empty()) << "early";
  EXPECT_TRUE(s.OnDatagram(Ack(0), milliseconds(10)).empty()) << "acknowledges nothing";
  EXPECT_EQ(Seqs(s.OnDatagram(Ack(2), milliseconds(50))), (std::vector<uint64_t>{4, 5}));
  EXPECT_EQ(s.acked(), 2u);
  EXPECT_EQ(s.NextTimer(), milliseconds(50) + kTimeout) << "restarted";
  EXPECT_TRUE(s.OnDatagram(Ack(2), milliseconds(60)).empty()) << "a duplicate ACK";
}

TEST(GbnSender, ResendsEveryUnacknowledgedPacketOnATimeout) {
  GbnSender s(kFormat, File(10'500), 4, kTimeout);
  s.Start(microseconds(0));
  s.OnDatagram(Ack(1), milliseconds(30));
  GbnSender::Datagrams again = s.OnTimer(milliseconds(230));
  EXPECT_EQ(Seqs(again), (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(s.NextTimer(), milliseconds(430));
}

TEST(GbnSender, SendsTheFinWhenAllIsAckedAtMostTenTimes) {
  GbnSender s(kFormat, File(1'001), 5, kTimeout);
  EXPECT_EQ(Seqs(s.Start(microseconds(0))), (std::vector<uint64_t>{0, 1}));
  GbnSender::Datagrams fin = s.OnDatagram(Ack(2), milliseconds(20));
  EXPECT_EQ(Seqs(fin, kFormat.type_fin), (std::vector<uint64_t>{2}));
  EXPECT_TRUE(s.OnDatagram(Ack(2), milliseconds(25)).empty()) << "not the FIN's ACK";
  microseconds now = milliseconds(20);
  for (int i = 2; i <= 10; ++i) {
    now = *s.NextTimer();
    EXPECT_EQ(Seqs(s.OnTimer(now), kFormat.type_fin), (std::vector<uint64_t>{2}));
  }
  EXPECT_EQ(s.fins_sent(), 10u);
  EXPECT_FALSE(s.done());
  EXPECT_TRUE(s.OnTimer(*s.NextTimer()).empty());
  EXPECT_TRUE(s.done());
  EXPECT_FALSE(s.fin_acked());
  EXPECT_FALSE(s.NextTimer());
}

TEST(GbnSender, EndsWhenTheFinIsAckedAndSendsOnlyAFinForAnEmptyFile) {
  GbnSender s(kFormat, {}, 5, kTimeout);
  EXPECT_EQ(s.packets(), 0u);
  EXPECT_EQ(Seqs(s.Start(microseconds(0)), kFormat.type_fin), (std::vector<uint64_t>{0}));
  s.OnDatagram(Ack(1), milliseconds(5));
  EXPECT_TRUE(s.done());
  EXPECT_TRUE(s.fin_acked());
  EXPECT_EQ(s.acked(), 1u);
  EXPECT_EQ(s.fins_sent(), 1u);
}

TEST(GbnSender, IgnoresAndCountsBadAcks) {
  GbnSender s(kFormat, File(5'000), 5, kTimeout);
  s.Start(microseconds(0));
  std::vector<uint8_t> corrupt = Ack(3);
  corrupt[7] ^= 0x04;  // seq 3 -> 7, the checksum still that of 3
  EXPECT_TRUE(s.OnDatagram(corrupt, milliseconds(1)).empty());
  std::vector<uint8_t> data = Encode(kFormat, kFormat.type_data, 3, {});
  EXPECT_TRUE(s.OnDatagram(data, milliseconds(2)).empty());
  EXPECT_TRUE(s.OnDatagram(std::vector<uint8_t>(4, 0), milliseconds(3)).empty());
  EXPECT_EQ(s.bad_acks(), 3u);
  EXPECT_EQ(s.acked(), 0u);
}

// A sender and a receiver through a link of 5 ms each way that drops every 7th datagram in
// each direction.
TEST(GbnSender, DeliversAFileExactlyToTheReceiverThroughALossyLink) {
  std::vector<uint8_t> file = File(102'400);
  GbnSender s(kFormat, file, 8, kTimeout);
  GbnReceiver r(kFormat);
  struct InFlight {
    microseconds at;
    std::vector<uint8_t> bytes;
  };
  std::deque<InFlight> to_receiver, to_sender;
  size_t sent[2] = {0, 0};
  auto send = [&](std::deque<InFlight>& link, size_t& count, microseconds now,
                  std::vector<std::vector<uint8_t>> ds) {
    for (auto& d : ds)
      if (++count % 7 != 0) link.push_back({now + milliseconds(5), std::move(d)});
  };
  send(to_receiver, sent[0], microseconds(0), s.Start(microseconds(0)));
  for (int steps = 0; !s.done() && steps < 100'000; ++steps) {
    microseconds next = s.NextTimer().value_or(microseconds::max());
    bool receiver_first = !to_receiver.empty() && to_receiver.front().at <= next &&
                          (to_sender.empty() || to_receiver.front().at <= to_sender.front().at);
    if (receiver_first) {
      InFlight d = std::move(to_receiver.front());
      to_receiver.pop_front();
      GbnReceiver::Answer a = r.Receive(d.bytes);
      if (!a.reply.empty()) send(to_sender, sent[1], d.at, {a.reply});
    } else if (!to_sender.empty() && to_sender.front().at <= next) {
      InFlight d = std::move(to_sender.front());
      to_sender.pop_front();
      send(to_receiver, sent[0], d.at, s.OnDatagram(d.bytes, d.at));
    } else {
      send(to_receiver, sent[0], next, s.OnTimer(next));
    }
  }
  EXPECT_TRUE(s.done());
  EXPECT_TRUE(s.fin_acked());
  EXPECT_TRUE(r.finished());
  EXPECT_EQ(r.file(), file);
  EXPECT_EQ(s.packets(), 103u);
  EXPECT_GT(sent[0], 103u) << "losses were resent";
}

}  // namespace
}  // namespace netgrade::transport

namespace netgrade::transport {
namespace {

// packet: {acks: selective}: an ACK acknowledges its one packet; the base moves over those in a
// row; a timeout resends only what is not acknowledged.
TEST(GbnSenderSelective, AnAckAboveAGapMovesNothingAndATimeoutResendsOnlyTheGap) {
  PacketFormat f = PacketFormat::ReliableTransfer();
  f.acks = spec::AckKind::kSelective;
  auto ack = [&](uint64_t seq) { return Encode(f, f.type_ack, seq, {}); };
  auto seqs = [&](const GbnSender::Datagrams& ds) {
    std::vector<uint64_t> out;
    for (const auto& d : ds) out.push_back(Decode(f, d).seq);
    return out;
  };
  GbnSender s(f, std::vector<uint8_t>(6000, 'x'), 4, std::chrono::milliseconds(200));
  EXPECT_EQ(seqs(s.Start(std::chrono::microseconds(0))), (std::vector<uint64_t>{0, 1, 2, 3}));
  EXPECT_TRUE(s.OnDatagram(ack(1), std::chrono::milliseconds(10)).empty()) << "0 is missing";
  EXPECT_TRUE(s.OnDatagram(ack(3), std::chrono::milliseconds(10)).empty());
  EXPECT_EQ(seqs(s.OnTimer(std::chrono::milliseconds(200))), (std::vector<uint64_t>{0, 2}));
  // 0 acknowledged: the base moves past 1 to 2, and 4 and 5 go out.
  EXPECT_EQ(seqs(s.OnDatagram(ack(0), std::chrono::milliseconds(220))),
            (std::vector<uint64_t>{4, 5}));
  EXPECT_EQ(s.acked(), 2u);
}

}  // namespace
}  // namespace netgrade::transport
