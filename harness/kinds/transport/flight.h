// What a transport case's record says a student's sender did, in figures its checks judge
// (traffic.cc): the packets it had in flight, how and when it sent packets again, its FINs.
// Read from the record alone: when each DATA packet was read from the program, and when each
// of netgrade's ACKs reached it (an ACK lost on the link never did).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "harness/kinds/transport/packet_format.h"
#include "harness/kinds/transport/record.h"

namespace netgrade::transport {

// Packets sent again this close together are one burst (one timeout's, or one ACK's).
inline constexpr Micros kBurstGap{5000};

struct Resend {
  uint64_t seq = 0;
  Micros at{0};
  Micros gap{0};          // since this packet's previous send
  Micros since_burst{0};  // since the previous burst of resends began (0 for the first)
  // The last ACK that reached the program before it was a duplicate, which came after this
  // packet's previous send (and the gap is under 100 ms, a timeout's never is).
  bool after_dup_ack = false;
  // The first of its burst: a timeout's resends are judged by the first (the window's base);
  // the rest may have been sent new a moment before the timer fired.
  bool first_of_burst = false;
  // What the program itself had shown it knew was acknowledged: it had sent new packet
  // `shown_by`, which WINDOW allows only once every packet below `shown_acked` is (0: none).
  // No timing decides it: a program a loaded machine stalled may find its timer expired
  // before it reads the ACKs waiting in its socket, and resend what they cover.
  uint64_t shown_acked = 0, shown_by = 0;
  // Selective ACKs: when the ACK naming this very packet reached the program, where it had
  // come kAckedLongBefore or more before this resend (-1: it had not).
  Micros own_ack_at{-1};
};

// A selective ACK this long before a resend of its packet was the program's to read.
inline constexpr Micros kAckedLongBefore{100000};

struct SenderFlight {
  size_t datagrams = 0;     // from the program, all
  size_t data_packets = 0;  // DATA sent, resends counted
  uint64_t packets = 0;     // distinct DATA seqs: the highest + 1
  size_t max_in_flight = 0;
  Micros max_in_flight_at{0};
  // New DATA packets (not the first) sent when every packet before them had been acknowledged:
  // the window had drained. A sliding window never drains on a clean link; a sender that
  // sends a window at a time drains before each.
  size_t drained_starts = 0;
  Micros first_drained_at{-1};
  std::vector<Resend> resends;
  size_t largest_burst = 0;
  Micros largest_burst_at{0};
  uint64_t largest_burst_from = 0, largest_burst_to = 0;
  size_t lost_out = 0, lost_back = 0;  // the link's losses, DATA and ACKs
  // Delivered with a bit the link flipped, DATA and ACKs: a right receiver or sender drops it,
  // so it is lost to the protocol as a lost one is.
  size_t corrupted_out = 0, corrupted_back = 0;
  // DATA packets sent under a number already used, with other bytes than its first send's
  // (a sequence number that does not grow with the file: seq % 2, a counter never moved); the
  // first of them.
  size_t reused = 0;  // how many (as far as the case went: timing decides it)
  uint64_t first_reused_seq = 0;
  Micros first_reused_at{-1};
  size_t fins = 0;            // FINs from the program
  bool fin_ack_lost = false;  // an ACK of its FIN lost on the way back
  size_t fins_after_lost_ack = 0;
  Micros first_data{-1};
  Micros last_from_program{-1};
};

// The ACKs that reached the program, by when: (arrival, seq). A corrupted one is not counted
// (a right sender drops it), the link's uncorrupted copy of one is.
std::vector<std::pair<Micros, uint64_t>> AckArrivals(const PacketFormat& format,
                                                     const std::vector<PacketRecord>& records);

// What the ACKs that reached a sender say it may count as acknowledged, read as the packet's
// `acks:` says: cumulative (every packet below the highest ACK), or selective (each ACK the one
// packet it names). Fed in the order things happened. In flight is the window a new packet
// spans: from the oldest packet not acknowledged (the base) to it, whichever reading.
class AckedSoFar {
 public:
  explicit AckedSoFar(spec::AckKind kind) : selective_(kind == spec::AckKind::kSelective) {}
  void Ack(uint64_t seq);
  // DATA packet `seq` sent for the first time; returns the packets in flight with it: seq + 1
  // less the base.
  size_t Sent(uint64_t seq);
  // Grows whenever an ACK acknowledges something new.
  uint64_t progress() const { return progress_; }

 private:
  bool selective_;
  uint64_t acked_ = 0;  // cumulative: every packet below it
  uint64_t progress_ = 0;
  std::set<uint64_t> unacked_, acked_set_;  // selective: sent and not acknowledged; acknowledged
};

// `window`: the program's WINDOW (0: unknown, and no resend's shown_acked).
SenderFlight ReadSender(const PacketFormat& format, const std::vector<PacketRecord>& records,
                        size_t window = 0);

// A student's receiver's ACKs against what the cumulative ACK is after each DATA packet it was
// given (as netgrade's own receiver would answer them, in the order they reached it).
struct AckReading {
  size_t acks = 0;
  size_t bad = 0;                   // of a wrong checksum or length
  std::optional<size_t> first_bad;  // its record's index
  // The first ACK that is no cumulative ACK, what it should have been, and why it differs.
  std::optional<size_t> wrong;  // record index
  uint64_t wrong_value = 0, right_value = 0;
  // The seq of the packet received, not the next one (selective ACKs: the other way round, a
  // cumulative ACK where the packet's own seq was wanted).
  bool off_by_one = false;
  bool after_corrupt = false;  // it moved on a corrupted packet
  // A corrupted DATA packet reached the program, and which.
  size_t corrupted_delivered = 0;
  uint64_t corrupted_seq = 0;
  size_t duplicates_delivered = 0;  // DATA it was given that it had already had
  // Every ACK answered: the DATA packets it was given (not corrupted, copies too) before the
  // first FIN reached it, and the ACKs it sent before it answered that FIN. Its socket hands it
  // packets in the order they came, so a receiver that answers each one has sent as many ACKs
  // as DATA by the time it answers the FIN, however late a loaded machine runs it.
  bool fin_answered = false;
  size_t data_before_fin = 0;
  size_t acks_before_fin_answer = 0;
  // DATA packets given that its ACKs say never came: the program's socket dropped them.
  size_t taken_as_dropped = 0;
};

// `socket_drops`: how many datagrams the program's socket dropped (its receive buffer full), as
// many packets as its ACKs may say never came.
AckReading ReadAcks(const PacketFormat& format, const std::vector<PacketRecord>& records,
                    size_t socket_drops = 0);

}  // namespace netgrade::transport
