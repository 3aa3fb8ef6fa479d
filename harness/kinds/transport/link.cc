#include "harness/kinds/transport/link.h"

#include <algorithm>
#include <utility>

#include "harness/base/seed.h"

namespace netgrade::transport {
namespace {

using Change = LinkConfig::Change;

// A number in [0, 1) for draw `which` of offer `index`.
double Draw(uint64_t seed, size_t index, uint64_t which) {
  uint64_t z = SplitMix(seed ^ SplitMix(uint64_t{index} * 8 + which));
  return static_cast<double>(z >> 11) / static_cast<double>(uint64_t{1} << 53);
}

// `value` as the changes at or before `t` leave it.
template <typename T>
T InEffect(const std::vector<Change>& changes, Micros t, T value,
           std::optional<T> Change::* field) {
  for (const Change& c : changes) {
    if (c.at > t) break;
    if (c.*field) value = *(c.*field);
  }
  return value;
}

bool Planned(const std::vector<size_t>& sorted, size_t index) {
  return std::binary_search(sorted.begin(), sorted.end(), index);
}

Micros Ceil(Micros whole, uint64_t frac) { return whole + Micros(frac > 0 ? 1 : 0); }

}  // namespace

PacketDraws DrawsFor(uint64_t seed, size_t index) {
  return {Draw(seed, index, 0), Draw(seed, index, 1), Draw(seed, index, 2),
          Draw(seed, index, 3), Draw(seed, index, 4), Draw(seed, index, 5)};
}

Link::Link(LinkConfig config, uint64_t seed) : config_(std::move(config)), seed_(seed) {
  for (auto* list : {&config_.lose, &config_.corrupt_at, &config_.duplicate_at})
    std::sort(list->begin(), list->end());
}

Micros Link::OpportunityTime(uint64_t opportunity) const {
  const std::vector<uint32_t>& trace = config_.trace_ms;
  uint64_t ms = opportunity / trace.size() * trace.back() + trace[opportunity % trace.size()];
  return std::chrono::milliseconds(ms);
}

uint64_t Link::FirstOpportunityAfter(Micros now) const {
  const std::vector<uint32_t>& trace = config_.trace_ms;
  int64_t period = int64_t{trace.back()} * 1000;
  int64_t cycle = now.count() / period;
  // Entries are whole ms: one is after `now` when above the ms its offset in the cycle falls in.
  // The last entry (the period) always is, as the offset is less than the period.
  auto ms = static_cast<uint32_t>((now.count() - cycle * period) / 1000);
  size_t i = std::upper_bound(trace.begin(), trace.end(), ms) - trace.begin();
  return static_cast<uint64_t>(cycle) * trace.size() + i;
}

Link::Transmission Link::Transmit(Micros now, size_t bytes) const {
  Transmitter tx = tx_;
  if (!config_.trace_ms.empty()) {
    // Mahimahi: an opportunity at or before the arrival is gone (its unused bytes with it); the
    // packet takes what the first later one has left, then whole ones until its last byte.
    if (OpportunityTime(tx.opportunity) <= now) {
      tx.opportunity = FirstOpportunityAfter(now);
      tx.left = kOpportunityBytes;
    }
    Micros start = OpportunityTime(tx.opportunity);
    if (bytes < tx.left) {
      tx.left -= bytes;
      return {start, start, tx};
    }
    uint64_t rest = bytes - tx.left;  // for the opportunities after the first
    uint64_t more = (rest + kOpportunityBytes - 1) / kOpportunityBytes;
    tx.opportunity += more;
    Micros end = OpportunityTime(tx.opportunity);
    tx.left = more * kOpportunityBytes - rest;
    if (tx.left == 0) {  // used up: the next one is whole
      ++tx.opportunity;
      tx.left = kOpportunityBytes;
    }
    return {start, end, tx};
  }
  // Rate: FIFO, from the later of `now` and the end of the previous transmission.
  if (Ceil(tx.free, tx.frac) <= now) {
    tx.free = now;
    tx.frac = 0;
  }
  Micros start = Ceil(tx.free, tx.frac);
  uint64_t rate = InEffect(config_.changes, start, config_.rate_bps, &Change::rate_bps);
  if (tx.frac > 0 && rate != tx.frac_rate) {  // a fraction of the old rate: to the next µs
    tx.free += Micros(1);
    tx.frac = 0;
  }
  if (rate > 0) {
    uint64_t total = tx.frac + uint64_t{bytes} * 8 * 1'000'000;
    tx.free += Micros(static_cast<int64_t>(total / rate));
    tx.frac = total % rate;
    tx.frac_rate = rate;
  }
  return {start, Ceil(tx.free, tx.frac), tx};
}

size_t Link::Started(Micros now) const {
  size_t n = 0;
  while (n < waiting_.size() && waiting_[n].start <= now) ++n;
  return n;
}

size_t Link::queued_packets(Micros now) const { return waiting_.size() - Started(now); }

size_t Link::queued_bytes(Micros now) const {
  size_t bytes = waiting_bytes_;
  for (size_t i = 0, n = Started(now); i < n; ++i) bytes -= waiting_[i].bytes;
  return bytes;
}

Fate Link::Offer(Micros now, size_t bytes) {
  size_t index = ++offered_;
  for (size_t n = Started(now); n > 0; --n) {
    waiting_bytes_ -= waiting_.front().bytes;
    waiting_.pop_front();
  }
  Fate fate;
  PacketDraws draw = DrawsFor(seed_, index);
  if (Planned(config_.lose, index)) {
    fate.kind = Fate::kPlannedLoss;
    return fate;
  }
  if (draw.loss < InEffect(config_.changes, now, config_.loss, &Change::loss)) {
    fate.kind = Fate::kLost;
    return fate;
  }
  Transmission t = Transmit(now, bytes);
  if (t.start > now) {  // it waits: the queue's bounds apply
    if ((config_.queue_packets > 0 && waiting_.size() + 1 > config_.queue_packets) ||
        (config_.queue_bytes > 0 && waiting_bytes_ + bytes > config_.queue_bytes)) {
      fate.kind = Fate::kQueueFull;
      return fate;
    }
    waiting_.push_back({t.start, bytes});
    waiting_bytes_ += bytes;
  }
  tx_ = t.after;
  fate.queued = t.start - now;

  Micros jitter{std::min<int64_t>(
      config_.jitter.count(), static_cast<int64_t>(draw.jitter * (config_.jitter.count() + 1)))};
  Micros delay = InEffect(config_.changes, t.end, config_.delay, &Change::delay);
  Micros at = std::max(t.end + delay + jitter, last_in_order_);
  fate.reordered = draw.reorder < config_.reorder;
  if (fate.reordered) {
    at += config_.reorder_gap;
  } else {
    last_in_order_ = at;
  }
  Delivery delivery{at, std::nullopt};
  size_t bits = bytes * 8;
  if (bits > 0 && (Planned(config_.corrupt_at, index) || draw.corrupt < config_.corrupt))
    delivery.flipped_bit = std::min(bits - 1, static_cast<size_t>(draw.corrupt_bit * bits));
  fate.deliveries.push_back(delivery);
  fate.duplicated = Planned(config_.duplicate_at, index) || draw.duplicate < config_.duplicate;
  if (fate.duplicated) fate.deliveries.push_back({at, std::nullopt});
  return fate;
}

}  // namespace netgrade::transport
