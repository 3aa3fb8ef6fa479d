// The ICMP wire's bounds (kinds/icmp/wire.h): what a hostile program writes on its link is
// refused and recorded within a bounded record, ARP included, and what the kernel drops before
// the wire reads it is counted.
#include <gtest/gtest.h>

#include <string>

#include "harness/kinds/icmp/wire.h"
#include "tests/kinds/icmp/wire_test_fixture.h"

namespace netgrade::icmp {
namespace {

using testing_wire::Ip;
using testing_wire::Pass;
using testing_wire::SendForged;
using testing_wire::WireTest;

void Put16(std::string* s, size_t at, uint16_t v) {
  (*s)[at] = static_cast<char>(v >> 8);
  (*s)[at + 1] = static_cast<char>(v & 0xff);
}

std::string Ethernet(uint16_t type) {
  std::string e = std::string(6, '\xff') + std::string("\x02\0\0\0\0\x02", 6) + "  ";
  Put16(&e, 12, type);
  return e;
}

// A GSO super-frame of `bytes` (Ethernet header included): an IPv4 TCP segment from the
// student to `to`, and the virtio header that lets it past the MTU (GSO_TCPV4, NEEDS_CSUM).
std::pair<std::string, std::string> GsoFrame(size_t bytes, const std::string& to) {
  std::string vnet(10, '\0');
  vnet[0] = 1;                                             // VIRTIO_NET_HDR_F_NEEDS_CSUM
  vnet[1] = 1;                                             // VIRTIO_NET_HDR_GSO_TCPV4
  vnet[2] = 54, vnet[4] = static_cast<char>(1448 & 0xff);  // header length, segment size (LE)
  vnet[5] = static_cast<char>(1448 >> 8), vnet[6] = 34, vnet[8] = 16;  // checksum start, offset
  std::string ip(bytes - 14, 'G');
  ip.replace(0, 40, std::string(40, '\0'));
  ip[0] = 0x45;
  Put16(&ip, 2, static_cast<uint16_t>(ip.size()));
  ip[8] = 64, ip[9] = 6;
  uint32_t from = Ip("10.0.0.2"), dst = Ip(to);
  for (int i = 0; i < 4; ++i) {
    ip[12 + i] = static_cast<char>(from >> (24 - 8 * i));
    ip[16 + i] = static_cast<char>(dst >> (24 - 8 * i));
  }
  ip[32] = 0x50;  // TCP data offset: 5 words
  return {vnet, Ethernet(0x0800) + ip};
}

// An ARP request from the student's address for `target`.
std::string ArpRequest(const std::string& target) {
  std::string a = std::string("\x00\x01\x08\x00\x06\x04\x00\x01", 8) +
                  std::string("\x02\0\0\0\0\x02", 6) + std::string(4, '\0') + std::string(6, '\0') +
                  std::string(4, '\0');
  uint32_t from = Ip("10.0.0.2"), to = Ip(target);
  for (int i = 0; i < 4; ++i) {
    a[14 + i] = static_cast<char>(from >> (24 - 8 * i));
    a[24 + i] = static_cast<char>(to >> (24 - 8 * i));
  }
  return Ethernet(0x0806) + a;
}

size_t Refused(const IcmpWire& wire, WireRecord::Why why) {
  size_t n = 0;
  for (const WireRecord& r : wire.records()) n += r.fate == WireRecord::kRefused && r.why == why;
  return n;
}

TEST_F(WireTest, AFramePastTheMtuIsRefusedAtItsSizeAndKeptByItsHeadersAlone) {
  Start(Pass);
  if (!path_) return;
  auto [vnet, frame] = GsoFrame(65000, path_->layout().destination);
  ASSERT_EQ(WriteFrames(frame, 10, vnet), 10u) << "the kernel took no GSO frame";
  RunUntil([&] { return Refused(*wire_, WireRecord::kPastMtu) + wire_->kernel_dropped() == 10; });
  ASSERT_GT(Refused(*wire_, WireRecord::kPastMtu), 0u);
  for (const WireRecord& r : wire_->records()) {
    if (r.why != WireRecord::kPastMtu) continue;
    EXPECT_EQ(r.size, 64986u);
    EXPECT_EQ(r.mtu, 1500u);
    EXPECT_LE(r.bytes.size(), 68u) << "its headers alone, not the frame";
    EXPECT_EQ(icmp::AddressText(r.packet.destination), path_->layout().destination);
  }
  EXPECT_LE(wire_->record_bytes(), 10u * 68);
  Send(7, 1);  // a right request still passes after them
  RunUntil([&] { return got_.size() == 1; });
}

TEST_F(WireTest, TheRecordStaysWithinItsByteBoundAndStillHasEveryRequest) {
  Start(Pass);
  if (!path_) return;
  // 2000 requests of 1400 bytes and their replies: 5.6 MB of packets, and as much again of
  // the data their headers copy. Sent in bursts the socket buffers hold.
  const std::string data(1400 - 28, 'x');
  size_t sent = 0;
  while (sent < IcmpWire::kMostFromStudent) {
    for (int i = 0; i < 50; ++i) Send(7, static_cast<uint16_t>(++sent), 64, "", 8, data);
    RunUntil([&] { return got_.size() == sent; });
  }
  size_t held = 0;
  for (const WireRecord& r : wire_->records()) {
    held += r.bytes.size();
    if (r.packet.icmp) held += r.packet.icmp->data.size();
    if (r.ipv4()) {
      EXPECT_EQ(r.size, 1400u);
    }
  }
  EXPECT_LE(held, IcmpWire::kRecordBytes);
  EXPECT_EQ(wire_->record_bytes(), held);
  EXPECT_EQ(Count(WireRecord::kPassed, false), IcmpWire::kMostFromStudent);
  const WireRecord* last = nullptr;
  for (const WireRecord* r : Ipv4Records())
    if (!r->to_student) last = r;
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->packet.icmp->sequence, IcmpWire::kMostFromStudent)
      << "the last request's fields are kept past the bound";
  EXPECT_TRUE(last->packet.icmp->checksum_ok);
  EXPECT_FALSE(last->whole()) << "past the bound, not its whole bytes";
}

TEST_F(WireTest, ArpIsCountedCappedAndRecorded) {
  Start(Pass);
  if (!path_) return;
  Send(7, 1);  // the kernel asks for the router's address: its ARP passes
  RunUntil([&] { return got_.size() == 1; });
  size_t passed_before = 0;
  for (const WireRecord& r : wire_->records())
    passed_before += r.arp() && !r.to_student && r.fate == WireRecord::kPassed;
  ASSERT_GE(passed_before, 1u) << "the kernel's question was recorded";
  const size_t flood = IcmpWire::kMostArp + 20;
  ASSERT_EQ(WriteFrames(ArpRequest("10.0.0.77"), flood), flood);
  RunUntil([&] {
    size_t arp = 0;
    for (const WireRecord& r : wire_->records()) arp += r.arp() && !r.to_student;
    return arp == passed_before + flood;
  });
  size_t passed = 0;
  for (const WireRecord& r : wire_->records()) {
    if (!r.arp() || r.to_student) continue;
    passed += r.fate == WireRecord::kPassed;
    EXPECT_EQ(r.bytes.size(), 28u);
  }
  EXPECT_EQ(passed, IcmpWire::kMostArp);
  EXPECT_EQ(wire_->arp_refused(), passed_before + flood - IcmpWire::kMostArp);
  EXPECT_EQ(Refused(*wire_, WireRecord::kArpPastCap), wire_->arp_refused());
  Send(7, 2);  // the router's address is known: pings still pass
  RunUntil([&] { return got_.size() == 2; });
}

TEST_F(WireTest, AnEchoRequestWithIpOptionsIsRefusedAndRecordedWhy) {
  Start(Pass);
  if (!path_) return;
  Send(7, 1);
  RunUntil([&] { return got_.size() == 1; });
  // A loose source route through an address outside the case, then the destination.
  const std::string& destination = path_->layout().destination;
  std::string plain = icmp::Build(Ip("10.0.0.2"), Ip(destination), 64, 8, 0, 7, 2, "options");
  std::string option("\x83\x07\x04\xc6\x33\x64\x01\x00", 8);  // LSRR 198.51.100.1, end
  std::string with = plain.substr(0, 20) + option + plain.substr(20);
  with[0] = 0x47;
  Put16(&with, 2, static_cast<uint16_t>(with.size()));
  Put16(&with, 10, 0);
  Put16(&with, 10, icmp::Checksum(std::string_view(with).substr(0, 28)));
  {
    sandbox::NetNamespace::Scope in(&path_->student());
    SendForged(with, destination);
  }
  Send(7, 3);
  RunUntil([&] { return got_.size() == 2; });
  ASSERT_EQ(Refused(*wire_, WireRecord::kIpOptions), 1u);
  EXPECT_EQ(wire_->refused(), 1u);
  EXPECT_EQ(Count(WireRecord::kPassed, false), 2u) << "requests 1 and 3";
}

TEST_F(WireTest, WhatTheKernelDropsBeforeTheWireReadsIsCountedNotQueued) {
  Start(Pass);
  if (!path_) return;
  // Written while the wire is not reading (the loop is not running): its queue holds
  // kReceiveBuffer bytes, which the kernel doubles for its bookkeeping (socket(7)): 32 such
  // frames (and one past the mark), and the kernel drops the rest.
  auto [vnet, frame] = GsoFrame(65000, path_->layout().destination);
  ASSERT_EQ(WriteFrames(frame, 100, vnet), 100u);
  RunUntil([&] { return Refused(*wire_, WireRecord::kPastMtu) + wire_->kernel_dropped() == 100; });
  EXPECT_GT(wire_->kernel_dropped(), 0u);
  EXPECT_LE(Refused(*wire_, WireRecord::kPastMtu), 2u * IcmpWire::kReceiveBuffer / 64986 + 1)
      << "the queue held more than its bound";
}

}  // namespace
}  // namespace netgrade::icmp
