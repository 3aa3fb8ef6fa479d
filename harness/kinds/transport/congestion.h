// What a sender that chooses its own window did with it (a congestion-control lab: the case's
// `transfer:` gives no window), read from the record alone: how many packets it kept in flight
// before and after each loss, how long its packets waited in the link's queue, whether it sent
// again what was on its way, and whether a timeout that fired again waited longer. The checks
// (congestion_checks.cc) judge these; nothing here is a verdict.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "harness/kinds/transport/packet_format.h"
#include "harness/kinds/transport/record.h"

namespace netgrade::transport {

// The window's shape around the losses of the program's DATA packets.
struct WindowReading {
  enum class Shape {
    kUnknown,    // too few losses to say
    kReacts,     // in flight went down after most losses
    kFixed,      // the same in flight before and after: a fixed window (no congestion control)
    kUnbounded,  // in flight went on growing past the losses (no reaction to loss)
    kDoubles,    // after a loss, it doubled each round trip past half the window it lost at
    kCollapse,   // after a loss, it fell to a quarter or less and stayed there
  };
  Shape shape = Shape::kUnknown;
  size_t losses = 0;  // the link's drops of the program's DATA packets
  size_t events = 0;  // losses grouped: one per round trip
  size_t judged = 0;  // events with packets sent before and after
  size_t reacted = 0;
  size_t most = 0;  // the most packets in flight at once
  // The example: the first judged event of the shape.
  Micros at{-1};
  size_t before = 0, after = 0;
  // kDoubles: one round trip's growth after a loss, from `grew_from` to `grew_to` packets.
  size_t grew_from = 0, grew_to = 0;
};

// `base_rtt`: the link's round trip with no queue; `full_rtt`: with its queue full. Losses
// within `full_rtt` of each other are one event. The round trip at a loss is `base_rtt` and the
// longest wait in the queue just before it; the window before the loss is the most in flight
// from one such round trip before it to two after it (the sender hears of the loss, then sends
// it again: a sender in slow start goes on doubling meanwhile); the window after it, the most
// in flight over `base_rtt` from the first new packet sent later.
WindowReading ReadWindow(const PacketFormat& format, const std::vector<PacketRecord>& records,
                         Micros base_rtt, Micros full_rtt);

// How long the program's DATA packets waited in the link's queue, those it sent at or after
// `from`; nullopt when none crossed.
struct QueueReading {
  size_t packets = 0;
  Micros mean{0}, most{0};
};
std::optional<QueueReading> ReadQueue(const PacketFormat& format,
                                      const std::vector<PacketRecord>& records, Micros from);

// Resends of a packet while the ACK that its copy before had brought was on its way back to the
// program: made by netgrade's receiver before the resend was read, delivered after.
struct SpuriousReading {
  size_t resends = 0, spurious = 0;
  // The first spurious one: the packet, when it was sent again, the gap since its copy before,
  // and the round trip that copy's ACK took (from the copy's send to the ACK's arrival).
  uint64_t seq = 0;
  Micros at{-1}, gap{0}, round_trip{0};
};
SpuriousReading ReadSpurious(const PacketFormat& format, const std::vector<PacketRecord>& records);

// A timeout that fired again for the same packet, with no ACK acknowledging anything new
// between: the gaps between its sends, in order.
struct BackoffReading {
  bool judged = false;  // some packet was sent three times in a row with nothing new acknowledged
  bool backs_off = true;
  uint64_t seq = 0;
  std::vector<Micros> gaps;  // of the packet judged (the first that does not back off)
};
BackoffReading ReadBackoff(const PacketFormat& format, const std::vector<PacketRecord>& records);

}  // namespace netgrade::transport
