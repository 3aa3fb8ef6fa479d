// One direction of an emulated network link (Mahimahi's link shell with netem's faults) as a
// pure model: the caller offers each packet with the time it arrived and is told its fate, when
// it reaches the other end or why it was dropped. No sockets and no clock: the same config, seed
// and offers, the same fates.
//
// A packet offered goes through, in order: planned loss, random loss (a lost packet takes no
// place in the queue and no time on the link), the drop-tail queue, the transmitter (a rate or a
// Mahimahi trace), then the delay, jitter, reordering, corruption and duplication.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace netgrade::transport {

using Micros = std::chrono::microseconds;

// The bytes one delivery opportunity of a Mahimahi trace carries.
inline constexpr size_t kOpportunityBytes = 1500;

struct LinkConfig {
  uint64_t rate_bps = 0;  // bits per second; 0: no limit (no serialization time)
  // Mahimahi trace: each entry a ms at which one 1500-byte delivery opportunity occurs; the trace
  // repeats with period = its last entry, from time 0. The caller validates it (non-decreasing,
  // last > 0). When non-empty it replaces rate_bps (and the changes' rate_bps).
  std::vector<uint32_t> trace_ms;
  Micros delay{0};  // one-way propagation delay added after transmission
  // Extra delay uniform in [0, jitter], drawn from the seed. It does not reorder: a packet is
  // never delivered before the one offered before it, unless that one was reordered.
  Micros jitter{0};
  size_t queue_packets = 0;  // drop-tail bound on packets waiting (not the one being
                             // transmitted); 0: no bound in packets
  size_t queue_bytes = 0;    // same, in bytes; 0: no bound in bytes
  // Probabilities in [0, 1], drawn per packet from the seed.
  double loss = 0, duplicate = 0, reorder = 0, corrupt = 0;
  Micros reorder_gap{10000};  // a reordered packet is held this much longer: later ones overtake
  std::vector<size_t> lose;   // 1-based offer indices lost by plan (besides `loss`)
  std::vector<size_t> corrupt_at;    // 1-based offer indices corrupted by plan
  std::vector<size_t> duplicate_at;  // 1-based offer indices duplicated by plan
  // From `at` on, the given values replace the config's: a rate for transmissions that start at
  // or after `at`, a loss for packets offered at or after it, a delay for packets whose
  // transmission ends at or after it.
  struct Change {
    Micros at{0};
    std::optional<uint64_t> rate_bps{};
    std::optional<double> loss{};
    std::optional<Micros> delay{};
  };
  std::vector<Change> changes;  // sorted by at
};

struct Delivery {
  Micros at;  // when it reaches the other end
  // Corrupted: which bit (0 = the most significant bit of byte 0) the caller must flip.
  std::optional<size_t> flipped_bit;
};

// Flips the bit a corrupted Delivery names in `bytes`; nothing past their end.
inline void FlipBit(std::vector<uint8_t>* bytes, size_t bit) {
  if (bit / 8 < bytes->size()) (*bytes)[bit / 8] ^= static_cast<uint8_t>(0x80 >> (bit % 8));
}

struct Fate {
  enum Kind { kDelivered, kLost, kPlannedLoss, kQueueFull };
  Kind kind = kDelivered;
  // 1, or 2 when duplicated (the copy at the same time, never corrupted); empty when dropped.
  std::vector<Delivery> deliveries;
  Micros queued{0};  // how long it waited in the queue before its transmission began
  bool reordered = false, duplicated = false;
};

// The per-packet random draws for offer `index` (1-based) of a direction, each in [0, 1): a pure
// function of (seed, index), so that the same seed loses, corrupts and duplicates the same
// packets whatever the timing.
struct PacketDraws {
  double loss, duplicate, reorder, corrupt, corrupt_bit, jitter;
};
PacketDraws DrawsFor(uint64_t seed, size_t index);

class Link {
 public:
  Link(LinkConfig config, uint64_t seed);

  // A packet of `bytes` bytes offered at `now` (non-decreasing from call to call). Offers are
  // numbered from 1.
  Fate Offer(Micros now, size_t bytes);

  // Packets and bytes waiting in the queue at `now` (not yet being transmitted), for the
  // caller's bounds and for a queueing-delay figure.
  size_t queued_packets(Micros now) const;
  size_t queued_bytes(Micros now) const;
  size_t offered() const { return offered_; }
  // The config given, its planned index lists sorted.
  const LinkConfig& config() const { return config_; }

 private:
  // Where the transmitter stands after the last packet it took.
  struct Transmitter {
    // Rate: free from free + frac / frac_rate microseconds on (frac < frac_rate), kept exact.
    Micros free{0};
    uint64_t frac = 0, frac_rate = 0;
    // Trace: the first opportunity (numbered from 0) not used up, and the bytes it has left.
    uint64_t opportunity = 0;
    size_t left = kOpportunityBytes;
  };
  // A packet's transmission: when it begins and ends (rounded up to the microsecond), and the
  // transmitter after it.
  struct Transmission {
    Micros start, end;
    Transmitter after;
  };
  struct Waiting {
    Micros start;
    size_t bytes;
  };

  Transmission Transmit(Micros now, size_t bytes) const;
  Micros OpportunityTime(uint64_t opportunity) const;
  uint64_t FirstOpportunityAfter(Micros now) const;
  // How many of waiting_ (from its front) have begun transmission by `now`.
  size_t Started(Micros now) const;

  LinkConfig config_;
  uint64_t seed_;
  size_t offered_ = 0;
  Transmitter tx_;
  Micros last_in_order_{0};      // the latest delivery of a packet not reordered
  std::deque<Waiting> waiting_;  // accepted packets not started when last offered, by start
  size_t waiting_bytes_ = 0;
};

}  // namespace netgrade::transport
