// What the ICMP wire (icmp_wire.h) decides and records of each frame, as plain data: the checks
// read the record (observe::Observation) with no event loop, socket or namespace behind it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/base/clock.h"
#include "harness/kinds/icmp/packet.h"

namespace netgrade::icmp {

// Echo requests from the student the wire passes in a case, at most.
inline constexpr size_t kWireMostFromStudent = 2000;
// ARP frames passed each way: a correct program's kernel asks for the router's address a few
// times a case, and answers the router's questions as often.
inline constexpr size_t kWireMostArp = 64;

struct WireRecord {
  enum Fate { kPassed, kDropped, kRefused, kMade };
  // Why a frame was refused (kRefused only).
  enum Why {
    kNotRefused,
    kOffPath,     // not an echo request from the student's address to the path, or not to it
    kPastCap,     // past kMostFromStudent requests
    kIpOptions,   // an echo request whose IPv4 header carries options
    kPastMtu,     // larger than the link's MTU: kept by its headers alone
    kArpPastCap,  // past kMostArp ARP frames in its direction
    kNotIp,       // neither IPv4 nor ARP (IPv6, 802.1Q, ...): counted, its headers kept
  };
  TimePoint seen;        // reached the wire, by the kernel's stamp (kMade: when made)
  TimePoint delivered;   // written on (kPassed, kMade); the first copy's
  bool written = false;  // delivered is set: not dropped, nor still delayed or held
  bool to_student = false;
  Fate fate = kPassed;
  Why why = kNotRefused;
  bool duplicated = false;
  bool held = false;
  unsigned answers = 0;         // towards the student: the request (1-based) it answers, 0 for none
  uint16_t ethertype = 0x0800;  // 0x0800 IPv4, 0x0806 ARP, or another link type
  uint16_t mtu = 0;             // kPastMtu: the link's
  size_t size = 0;              // the packet's size on the wire (Ethernet's header not counted)
  // The IPv4 packet (ARP: its message; another type: the frame), or its first bytes alone
  // when the whole would pass the record's bound (size says how long it was).
  std::string bytes;
  icmp::Packet packet;  // ARP: source and destination are the sender's and target's addresses

  bool ipv4() const { return ethertype == 0x0800; }
  bool arp() const { return ethertype == 0x0806; }
  bool whole() const { return bytes.size() >= size; }
};

}  // namespace netgrade::icmp
