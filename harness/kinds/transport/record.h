// What crossed a transport case's link, one record per datagram each way: plain data, the
// evidence its checks read (flight.h, traffic.h) and the transcript's lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/kinds/transport/link.h"
#include "harness/kinds/transport/packet_format.h"

namespace netgrade::transport {

// A datagram's header as read, without its payload.
struct Header {
  bool too_short = false, length_wrong = false, checksum_wrong = false;
  bool checksum_zero = false, checksum_swapped = false, checksum_header_only = false,
       checksum_payload_only = false;
  uint64_t type = 0, seq = 0, len = 0, seq_swapped = 0, len_swapped = 0;
  // A hash of the payload (FNV-1a), so that a resend, which carries its packet's bytes again,
  // is told from other bytes under a number already used.
  uint64_t payload_hash = 0;
  bool valid() const { return !too_short && !length_wrong && !checksum_wrong; }
};
Header HeaderOf(const Decoded& d);

struct PacketRecord {
  // When netgrade read it from the program, or made it for the program (since the case's
  // start); its first delivery at the other end, when it was delivered.
  Micros seen{0};
  Micros delivered{-1};
  bool from_student = false;
  size_t size = 0;
  Header header;
  Fate::Kind fate = Fate::kDelivered;
  bool overflow = false;  // dropped: more datagrams in the link than netgrade holds
  bool corrupted = false, duplicated = false, reordered = false;
  Micros queued{0};  // its wait in the link's queue
  // Which copy of the program it is from or for (transfer: {copies: 2}): 0 the first, 1 the
  // second.
  int copy = 0;
};

// "DATA seq=3 len=1000", "ACK seq=4 (checksum wrong)": Describe()'s words for a record.
// `size`: the datagram's.
std::string DescribeHeader(const PacketFormat& format, const Header& h, size_t size);

// The records of two copies of the program in the order they were seen, for the transcript.
std::vector<PacketRecord> Merged(const std::vector<PacketRecord>& a,
                                 const std::vector<PacketRecord>& b);

}  // namespace netgrade::transport
