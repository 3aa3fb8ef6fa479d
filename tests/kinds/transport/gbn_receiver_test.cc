#include "harness/kinds/transport/gbn_receiver.h"

#include <gtest/gtest.h>

namespace netgrade::transport {
namespace {

const PacketFormat kFormat = PacketFormat::ReliableTransfer();
using Took = GbnReceiver::Took;

std::vector<uint8_t> Data(uint64_t seq, std::string_view payload) {
  std::vector<uint8_t> p(payload.begin(), payload.end());
  return Encode(kFormat, kFormat.type_data, seq, p);
}
std::vector<uint8_t> Fin(uint64_t seq) { return Encode(kFormat, kFormat.type_fin, seq, {}); }
std::vector<uint8_t> Ack(uint64_t seq) { return Encode(kFormat, kFormat.type_ack, seq, {}); }
std::string Text(const std::vector<uint8_t>& b) { return {b.begin(), b.end()}; }

TEST(GbnReceiver, TakesPacketsInOrderAndAcksTheNextExpected) {
  GbnReceiver r(kFormat);
  GbnReceiver::Answer a = r.Receive(Data(0, "ab"));
  EXPECT_EQ(a.took, Took::kInOrder);
  EXPECT_EQ(a.reply, Ack(1));
  a = r.Receive(Data(1, "cd"));
  EXPECT_EQ(a.took, Took::kInOrder);
  EXPECT_EQ(a.reply, Ack(2));
  EXPECT_EQ(Text(r.file()), "abcd");
  EXPECT_EQ(r.expected(), 2u);
  EXPECT_FALSE(r.finished());
}

TEST(GbnReceiver, KeepsPacketsOutOfOrderWithADuplicateAckAndUsesThemWhenTheGapFills) {
  GbnReceiver r(kFormat);
  r.Receive(Data(0, "a"));
  GbnReceiver::Answer a = r.Receive(Data(2, "c"));
  EXPECT_EQ(a.took, Took::kAhead);
  EXPECT_EQ(a.reply, Ack(1)) << "a duplicate ACK";
  EXPECT_EQ(r.Receive(Data(3, "d")).reply, Ack(1));
  EXPECT_EQ(r.kept_ahead(), 2u);
  EXPECT_EQ(Text(r.file()), "a");
  a = r.Receive(Data(1, "b"));
  EXPECT_EQ(a.took, Took::kInOrder);
  EXPECT_EQ(a.reply, Ack(4));
  EXPECT_EQ(Text(r.file()), "abcd");
  EXPECT_EQ(r.kept_ahead(), 0u);
}

TEST(GbnReceiver, WritesADuplicateOnce) {
  GbnReceiver r(kFormat);
  r.Receive(Data(0, "a"));
  r.Receive(Data(2, "c"));
  EXPECT_EQ(r.Receive(Data(2, "c")).took, Took::kAhead);
  GbnReceiver::Answer a = r.Receive(Data(0, "a"));
  EXPECT_EQ(a.took, Took::kDuplicate);
  EXPECT_EQ(a.reply, Ack(1));
  r.Receive(Data(1, "b"));
  EXPECT_EQ(r.Receive(Data(1, "b")).took, Took::kDuplicate);
  EXPECT_EQ(Text(r.file()), "abc");
}

TEST(GbnReceiver, DropsCorruptedPacketsWithNoReply) {
  GbnReceiver r(kFormat);
  std::vector<uint8_t> p = Data(0, "abc");
  p[11] ^= 0x01;
  GbnReceiver::Answer a = r.Receive(p);
  EXPECT_EQ(a.took, Took::kDropped);
  EXPECT_TRUE(a.reply.empty());
  std::vector<uint8_t> header_bit = Data(0, "abc");
  header_bit[4] ^= 0x80;
  EXPECT_EQ(r.Receive(header_bit).took, Took::kDropped);
  std::vector<uint8_t> cut = Data(0, "abc");
  cut.pop_back();
  EXPECT_EQ(r.Receive(cut).took, Took::kDropped) << "len says 3, 2 follow";
  EXPECT_EQ(r.Receive(std::vector<uint8_t>(5, 0)).took, Took::kDropped);
  EXPECT_TRUE(r.file().empty());
  EXPECT_EQ(r.expected(), 0u);
  EXPECT_EQ(r.Receive(Ack(3)).took, Took::kNotData);
  EXPECT_TRUE(r.Receive(Ack(3)).reply.empty());
}

TEST(GbnReceiver, AcksTheFinWithSeqPlusOneAndAgainWhenRepeated) {
  GbnReceiver r(kFormat);
  r.Receive(Data(0, "a"));
  GbnReceiver::Answer a = r.Receive(Fin(2));
  EXPECT_EQ(a.took, Took::kFinEarly);
  EXPECT_EQ(a.reply, Ack(1));
  EXPECT_FALSE(r.finished());
  a = r.Receive(Fin(1));
  EXPECT_EQ(a.took, Took::kFin);
  EXPECT_EQ(a.reply, Ack(2));
  EXPECT_TRUE(r.finished());
  a = r.Receive(Fin(1));
  EXPECT_EQ(a.took, Took::kFinAgain);
  EXPECT_EQ(a.reply, Ack(2));
  EXPECT_EQ(r.Receive(Data(1, "late")).took, Took::kAhead) << "nothing after the FIN";
  EXPECT_EQ(Text(r.file()), "a");
}

TEST(GbnReceiver, AnEmptyFileIsJustAFin) {
  GbnReceiver r(kFormat);
  GbnReceiver::Answer a = r.Receive(Fin(0));
  EXPECT_EQ(a.took, Took::kFin);
  EXPECT_EQ(a.reply, Ack(1));
  EXPECT_TRUE(r.finished());
  EXPECT_TRUE(r.file().empty());
}

TEST(GbnReceiver, KeepsAtMost4096PacketsAhead) {
  GbnReceiver r(kFormat);
  EXPECT_EQ(r.Receive(Data(GbnReceiver::kMaxAhead, "kept")).took, Took::kAhead);
  GbnReceiver::Answer a = r.Receive(Data(GbnReceiver::kMaxAhead + 1, "too far"));
  EXPECT_EQ(a.took, Took::kAhead);
  EXPECT_EQ(a.reply, Ack(0)) << "answered all the same";
  EXPECT_EQ(r.Receive(Data(0x01000000, "seq 1 in host order")).reply, Ack(0));
  EXPECT_EQ(r.kept_ahead(), 1u);
}

}  // namespace
}  // namespace netgrade::transport

namespace netgrade::transport {
namespace {

// packet: {acks: selective}: each DATA kept (or had) is answered with its own seq.
TEST(GbnReceiverSelective, AcksEachPacketByItsOwnSeqAndAnEarlyFinWithNothing) {
  PacketFormat f = PacketFormat::ReliableTransfer();
  f.acks = spec::AckKind::kSelective;
  auto data = [&](uint64_t seq, std::string_view p) {
    return Encode(f, f.type_data, seq, std::vector<uint8_t>(p.begin(), p.end()));
  };
  auto ack = [&](uint64_t seq) { return Encode(f, f.type_ack, seq, {}); };
  GbnReceiver r(f);
  EXPECT_EQ(r.Receive(data(0, "a")).reply, ack(0));
  EXPECT_EQ(r.Receive(data(2, "c")).reply, ack(2)) << "kept ahead, acknowledged by itself";
  EXPECT_TRUE(r.Receive(Encode(f, f.type_fin, 3, {})).reply.empty()) << "packet 1 is missing";
  EXPECT_EQ(r.Receive(data(1, "b")).reply, ack(1));
  EXPECT_EQ(r.Receive(data(2, "c")).reply, ack(2)) << "a copy: its ACK again";
  EXPECT_EQ(std::string(r.file().begin(), r.file().end()), "abc");
  EXPECT_EQ(r.Receive(Encode(f, f.type_fin, 3, {})).reply, ack(4));
}

}  // namespace
}  // namespace netgrade::transport
