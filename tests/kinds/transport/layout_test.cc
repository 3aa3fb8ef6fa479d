// The spec's packet and link (kinds/transport/spec_parts.h) as the models a transport case runs.
#include "harness/kinds/transport/layout.h"

#include <gtest/gtest.h>

namespace netgrade::transport {
namespace {

using std::chrono::milliseconds;

TEST(TransportLayout, FormatOfTheDefaultPacketIsReliableTransfers) {
  spec::PacketLayout layout;
  layout.fields = {{"type", 0, 1, {}},
                   {"flags", 1, 1, {}},
                   {"checksum", 2, 2, {}},
                   {"seq", 4, 4, {}},
                   {"len", 8, 2, {}}};
  PacketFormat f = FormatOf(layout);
  PacketFormat rt = PacketFormat::ReliableTransfer();
  EXPECT_EQ(f.byte_order, ByteOrder::kBig);
  ASSERT_EQ(f.fields.size(), rt.fields.size());
  for (size_t i = 0; i < f.fields.size(); ++i) {
    EXPECT_EQ(f.fields[i].name, rt.fields[i].name);
    EXPECT_EQ(f.fields[i].offset, rt.fields[i].offset) << f.fields[i].name;
    EXPECT_EQ(f.fields[i].size, rt.fields[i].size) << f.fields[i].name;
  }
  EXPECT_EQ(f.payload_offset, 10u);
  EXPECT_EQ(f.payload_max, 1000u);
  EXPECT_EQ(f.type_data, 0u);
  EXPECT_EQ(f.type_ack, 1u);
  EXPECT_EQ(f.type_fin, 2u);
  EXPECT_EQ(f.Problem(), "");
  // The same bytes as the contract's codec.
  std::vector<uint8_t> payload = {1, 2, 3};
  EXPECT_EQ(Encode(f, 0, 7, payload), Encode(rt, 0, 7, payload));
}

TEST(TransportLayout, FormatOfAnotherPacketKeepsItsOrderOffsetsAndTypes) {
  spec::PacketLayout layout;
  layout.big_endian = false;
  layout.fields = {
      {"seq", 0, 8, {}}, {"len", 8, 2, {}}, {"checksum", 10, 2, {}}, {"type", 12, 1, {}}};
  layout.payload_offset = 16;
  layout.payload_max = 512;
  layout.type_data = 7;
  layout.type_ack = 8;
  layout.type_fin = 9;
  PacketFormat f = FormatOf(layout);
  EXPECT_EQ(f.byte_order, ByteOrder::kLittle);
  ASSERT_NE(f.Find("seq"), nullptr);
  EXPECT_EQ(f.Find("seq")->size, 8u);
  ASSERT_NE(f.Find("type"), nullptr);
  EXPECT_EQ(f.Find("type")->offset, 12u);
  EXPECT_EQ(f.header_size(), 16u);
  EXPECT_EQ(f.payload_max, 512u);
  EXPECT_EQ(f.type_data, 7u);
  EXPECT_EQ(f.type_ack, 8u);
  EXPECT_EQ(f.type_fin, 9u);
  EXPECT_EQ(f.Problem(), "");
  std::vector<uint8_t> p = Encode(f, 8, 0x0102, {});
  EXPECT_EQ(p[0], 0x02) << "seq little-endian";
  EXPECT_EQ(p[12], 8) << "the ACK's type";
}

TEST(TransportLayout, ConfigOfCarriesEveryKeyOfADirection) {
  spec::LinkDirection d;
  d.rate_bps = 10e6;
  d.delay_ms = 50;
  d.jitter_ms = 5;
  d.queue_packets = 100;
  d.queue_bytes = 150000;
  d.loss = 0.1;
  d.duplicate = 0.05;
  d.reorder = 0.2;
  d.corrupt = 0.01;
  d.lose = {3, 30};
  d.duplicate_at = {4};
  d.corrupt_at = {2, 5};
  spec::LinkChange c;
  c.at_ms = 5000;
  c.rate_bps = 2e6;
  c.delay_ms = 80;
  spec::LinkChange l;
  l.at_ms = 6000;
  l.loss = 0.3;
  d.changes = {c, l};
  LinkConfig cfg = ConfigOf(d);
  EXPECT_EQ(cfg.rate_bps, 10'000'000u);
  EXPECT_TRUE(cfg.trace_ms.empty());
  EXPECT_EQ(cfg.delay, milliseconds(50));
  EXPECT_EQ(cfg.jitter, milliseconds(5));
  EXPECT_EQ(cfg.queue_packets, 100u);
  EXPECT_EQ(cfg.queue_bytes, 150000u);
  EXPECT_DOUBLE_EQ(cfg.loss, 0.1);
  EXPECT_DOUBLE_EQ(cfg.duplicate, 0.05);
  EXPECT_DOUBLE_EQ(cfg.reorder, 0.2);
  EXPECT_DOUBLE_EQ(cfg.corrupt, 0.01);
  EXPECT_EQ(cfg.lose, (std::vector<size_t>{3, 30}));
  EXPECT_EQ(cfg.duplicate_at, std::vector<size_t>{4});
  EXPECT_EQ(cfg.corrupt_at, (std::vector<size_t>{2, 5}));
  ASSERT_EQ(cfg.changes.size(), 2u);
  EXPECT_EQ(cfg.changes[0].at, milliseconds(5000));
  EXPECT_EQ(cfg.changes[0].rate_bps, std::optional<uint64_t>(2'000'000));
  EXPECT_EQ(cfg.changes[0].delay, std::optional<Micros>(milliseconds(80)));
  EXPECT_FALSE(cfg.changes[0].loss);
  EXPECT_EQ(cfg.changes[1].at, milliseconds(6000));
  EXPECT_FALSE(cfg.changes[1].rate_bps);
  EXPECT_FALSE(cfg.changes[1].delay);
  EXPECT_EQ(cfg.changes[1].loss, std::optional<double>(0.3));

  spec::LinkDirection traced;
  traced.trace_ms = {1, 2, 2, 4};
  EXPECT_EQ(ConfigOf(traced).trace_ms, (std::vector<uint32_t>{1, 2, 2, 4}));
  EXPECT_EQ(ConfigOf(traced).rate_bps, 0u);
}

TEST(TransportLayout, BaseRttIsBothDelaysAndOnePacketsTransmissionEachWay) {
  spec::TransportLink link;
  link.out.delay_ms = 50;
  link.back.delay_ms = 50;
  EXPECT_DOUBLE_EQ(BaseRttMs(link, 1038, 38), 100) << "no rate: no transmission time";
  link.out.rate_bps = 10e6;
  link.back.rate_bps = 1e6;
  // 1038 bytes at 10 Mbit/s: 0.8304 ms; 38 bytes at 1 Mbit/s: 0.304 ms.
  EXPECT_NEAR(BaseRttMs(link, 1038, 38), 101.1344, 1e-9);
  link.back.delay_ms = 10;
  EXPECT_NEAR(BaseRttMs(link, 1038, 38), 61.1344, 1e-9);
}

TEST(TransportLayout, AFullQueueAddsItsBytesAtTheLowestRate) {
  spec::LinkDirection d;
  EXPECT_DOUBLE_EQ(QueueFullMs(d, 1038), 0) << "no queue, no rate";
  d.rate_bps = 10e6;
  EXPECT_DOUBLE_EQ(QueueFullMs(d, 1038), 0) << "a queue with no bound";
  d.queue_packets = 48;
  EXPECT_NEAR(QueueFullMs(d, 1038), 48 * 1038 * 8 / 10e3, 1e-9);
  d.queue_bytes = 10380;  // the lower bound of the two
  EXPECT_NEAR(QueueFullMs(d, 1038), 8.304, 1e-9);
  d.queue_bytes = 0;
  spec::LinkChange drop;
  drop.at_ms = 800;
  drop.rate_bps = 2e6;
  d.changes.push_back(drop);
  EXPECT_NEAR(QueueFullMs(d, 1038), 48 * 1038 * 8 / 2e3, 1e-9) << "where the rate drops";
}

}  // namespace
}  // namespace netgrade::transport
