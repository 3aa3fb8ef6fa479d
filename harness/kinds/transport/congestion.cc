#include "harness/kinds/transport/congestion.h"

#include <algorithm>
#include <map>

#include "harness/kinds/transport/flight.h"

namespace netgrade::transport {
namespace {

bool IsData(const PacketFormat& f, const PacketRecord& r) {
  return r.from_student && r.header.valid() && r.header.type == f.type_data;
}

// A timeout this long is backed off enough (RFC 6298 allows a cap, of a minute or more).
constexpr Micros kLongTimeout{1000000};

bool Dropped(const PacketRecord& r) { return r.fate != Fate::kDelivered || r.overflow; }

// In flight when each new DATA packet went out (AckedSoFar: its seq + 1 less what was
// acknowledged by then, or the packets sent and not acknowledged one by one), by when.
struct Sample {
  Micros at;
  size_t in_flight;
};

std::vector<Sample> InFlight(const PacketFormat& format, const std::vector<PacketRecord>& records) {
  const std::vector<std::pair<Micros, uint64_t>> acks = AckArrivals(format, records);
  std::vector<Sample> out;
  size_t next = 0;
  uint64_t highest = 0;
  AckedSoFar acked(format.acks);
  bool any = false;
  for (const PacketRecord& r : records) {
    if (!IsData(format, r)) continue;
    while (next < acks.size() && acks[next].first <= r.seen) acked.Ack(acks[next++].second);
    const uint64_t seq = r.header.seq;
    if (any && seq <= highest) continue;  // sent again
    any = true;
    highest = seq;
    out.push_back({r.seen, acked.Sent(seq)});
  }
  return out;
}

// The most in flight among the samples in [from, to); 0 when none.
size_t MostIn(const std::vector<Sample>& s, Micros from, Micros to) {
  size_t most = 0;
  auto it = std::lower_bound(s.begin(), s.end(), from,
                             [](const Sample& a, Micros t) { return a.at < t; });
  for (; it != s.end() && it->at < to; ++it) most = std::max(most, it->in_flight);
  return most;
}

}  // namespace

WindowReading ReadWindow(const PacketFormat& format, const std::vector<PacketRecord>& records,
                         Micros base_rtt, Micros full_rtt) {
  WindowReading w;
  if (base_rtt <= Micros{0}) base_rtt = Micros{50000};
  full_rtt = std::max(full_rtt, base_rtt);
  const std::vector<Sample> samples = InFlight(format, records);
  for (const Sample& s : samples) w.most = std::max(w.most, s.in_flight);
  // The losses, one event per round trip.
  std::vector<Micros> events;
  for (const PacketRecord& r : records) {
    if (!IsData(format, r) || !Dropped(r)) continue;
    ++w.losses;
    if (events.empty() || r.seen - events.back() > full_rtt) events.push_back(r.seen);
  }
  w.events = events.size();
  // When each of the program's DATA packets that crossed was sent, and its wait in the queue.
  std::vector<std::pair<Micros, Micros>> waits;
  for (const PacketRecord& r : records)
    if (IsData(format, r) && !Dropped(r)) waits.emplace_back(r.seen, r.queued);
  std::sort(waits.begin(), waits.end());
  size_t fixed = 0, grew = 0, doubled = 0, collapsed = 0;
  // Losses after which the window never grew again before the next one (still repairing the
  // holes one round trip each, as NewReno does): they say nothing of how it grows.
  size_t stalled = 0;
  struct Example {
    Micros at{-1};
    size_t before = 0, after = 0, from = 0, to = 0;
  } first_fixed, first_grew, first_doubled, first_collapsed;
  for (size_t i = 0; i < events.size(); ++i) {
    const Micros t = events[i];
    const Micros next_event = i + 1 < events.size() ? events[i + 1] : Micros::max();
    // The round trip then: the link's own and the queue's wait just before the loss. The
    // sender hears of the loss within it and has sent the packet again within another: the
    // window before it is the most in flight until then (a sender in slow start goes on
    // doubling meanwhile, and the queue's wait with it); the window after it, the most in
    // flight over one round trip of the link from the first new packet sent later.
    Micros queued{0};
    for (auto it =
             std::lower_bound(waits.begin(), waits.end(), std::make_pair(t - full_rtt, Micros{0}));
         it != waits.end() && it->first <= t; ++it)
      queued = std::max(queued, it->second);
    const Micros rt = base_rtt + queued;
    const size_t before = MostIn(samples, t - rt, t + 2 * rt);
    auto first = std::lower_bound(samples.begin(), samples.end(), t + 2 * rt,
                                  [](const Sample& a, Micros x) { return a.at < x; });
    if (before < 4 || first == samples.end() || first->at >= next_event) continue;
    const Micros from = first->at;
    const size_t after = MostIn(samples, from, std::min(next_event, from + base_rtt));
    ++w.judged;
    const Example ex{t, before, after};
    if (after * 5 > before * 4) {
      if (after * 10 > before * 11) {
        if (grew++ == 0) first_grew = ex;
      } else if (fixed++ == 0) {
        first_fixed = ex;
      }
      continue;
    }
    ++w.reacted;
    // Round trip by round trip after it (the link's own, with no queue: a window that doubles
    // each round trip grows by half or more in one), where it sent new packets.
    std::vector<size_t> bins;
    // Up to the next loss and the round trip it came in (a doubling overflows the queue).
    const Micros last_sample = samples.back().at;
    const Micros end = next_event == Micros::max() ? last_sample + base_rtt : next_event + base_rtt;
    for (Micros bin = from; bin < end; bin += base_rtt)
      if (size_t most = MostIn(samples, bin, std::min(end, bin + base_rtt)); most > 0)
        bins.push_back(most);
    // From half the window it lost at or more, doubling is slow start that never ended; below
    // a quarter, with no doubling four round trips on (slow start after a timeout doubles), the
    // window collapsed.
    size_t doubles_from = 0, doubles_to = 0, most_soon = 0, most_later = 0;
    bool soon_doubling = false;
    for (size_t k = 1; k < bins.size(); ++k) {
      most_later = std::max(most_later, bins[k]);
      const bool doubling = bins[k - 1] >= 4 && bins[k] * 10 >= bins[k - 1] * 14;
      if (k <= 4 * static_cast<size_t>(rt / base_rtt)) {
        soon_doubling = soon_doubling || doubling;
        most_soon = std::max(most_soon, bins[k]);
      }
      // From the window of the round trip before, or the one before it: a round trip cut by
      // the bins' edges (or a repair ending in it) sends fewer new packets, not a smaller window.
      const size_t from = std::max(bins[k - 1], k >= 2 ? bins[k - 2] : 0);
      if (doubling && !doubles_to && from * 20 >= before * 9) {
        doubles_from = from;
        doubles_to = bins[k];
      }
    }
    if (after * 4 <= before && most_soon * 4 <= before && !soon_doubling) {
      if (collapsed++ == 0) first_collapsed = ex;
    } else if (doubles_to) {
      if (doubled++ == 0) first_doubled = {t, before, after, doubles_from, doubles_to};
    } else if (most_later <= after) {
      ++stalled;
    }
  }
  auto take = [&w](WindowReading::Shape shape, const Example& ex) {
    w.shape = shape;
    w.at = ex.at;
    w.before = ex.before;
    w.after = ex.after;
    w.grew_from = ex.from;
    w.grew_to = ex.to;
  };
  if (w.judged < 2) return w;
  // Two losses the window collapsed after, or doubled after, name the sender, as does one it
  // doubled after when it grew after no other (a sender that repairs one hole a round trip
  // doubles only once the repair is over: a transfer cut short may hold one such); else what
  // most losses did.
  if (collapsed >= 2) {
    take(WindowReading::Shape::kCollapse, first_collapsed);
  } else if (doubled >= 2 ||
             (doubled == 1 && doubled + stalled == w.reacted && w.reacted * 3 >= w.judged)) {
    take(WindowReading::Shape::kDoubles, first_doubled);
  } else if (w.reacted * 3 < w.judged) {
    // Most losses changed nothing: the same window each time, or one that went on growing
    // (by a third or more past the first loss's, one packet a round trip is enough).
    const Example& first =
        first_grew.at < Micros{0} || (first_fixed.at >= Micros{0} && first_fixed.at < first_grew.at)
            ? first_fixed
            : first_grew;
    take(w.most * 3 >= first.before * 4 || grew * 2 > fixed + grew
             ? WindowReading::Shape::kUnbounded
             : WindowReading::Shape::kFixed,
         first);
  } else {
    w.shape = WindowReading::Shape::kReacts;
  }
  return w;
}

std::optional<QueueReading> ReadQueue(const PacketFormat& format,
                                      const std::vector<PacketRecord>& records, Micros from) {
  QueueReading q;
  int64_t total = 0;
  for (const PacketRecord& r : records) {
    if (!IsData(format, r) || Dropped(r) || r.seen < from) continue;
    ++q.packets;
    total += r.queued.count();
    q.most = std::max(q.most, r.queued);
  }
  if (q.packets == 0) return std::nullopt;
  q.mean = Micros{total / static_cast<int64_t>(q.packets)};
  return q;
}

SpuriousReading ReadSpurious(const PacketFormat& format, const std::vector<PacketRecord>& records) {
  SpuriousReading out;
  // netgrade's ACKs that reached the program: when made, when delivered, what they acknowledge.
  struct Ack {
    Micros made, arrived;
    uint64_t seq;
  };
  std::vector<Ack> acks;
  for (const PacketRecord& r : records)
    if (!r.from_student && r.header.valid() && r.header.type == format.type_ack && !Dropped(r) &&
        r.delivered >= Micros{0} && (!r.corrupted || r.duplicated))
      acks.push_back({r.seen, r.delivered, r.header.seq});
  std::map<uint64_t, Micros> last_send;
  for (const PacketRecord& r : records) {
    if (!IsData(format, r)) continue;
    const uint64_t seq = r.header.seq;
    auto sent = last_send.find(seq);
    if (sent == last_send.end()) {
      last_send.emplace(seq, r.seen);
      continue;
    }
    ++out.resends;
    // An ACK beyond this packet, made before the resend was read and arriving after it: the
    // copy before had got through, and its answer was on the way.
    for (const Ack& a : acks) {
      if (a.made > r.seen) break;
      if (a.seq <= seq || a.made < sent->second || a.arrived <= r.seen) continue;
      if (out.spurious++ == 0) {
        out.seq = seq;
        out.at = r.seen;
        out.gap = r.seen - sent->second;
        out.round_trip = a.arrived - sent->second;
      }
      break;
    }
    sent->second = r.seen;
  }
  return out;
}

BackoffReading ReadBackoff(const PacketFormat& format, const std::vector<PacketRecord>& records) {
  BackoffReading out;
  const std::vector<std::pair<Micros, uint64_t>> acks = AckArrivals(format, records);
  size_t next = 0;
  AckedSoFar acked(format.acks);
  std::map<uint64_t, Micros> first_send;
  // The packet a timeout sent again, the ACK then, and its sends: its first, then each resend
  // that opened a burst (a Go-Back-N timeout's others follow it within kBurstGap).
  uint64_t seq = 0, acked_then = 0;
  std::vector<Micros> sends;
  Micros last_resend{-1000000};
  auto judge = [&out](uint64_t s, const std::vector<Micros>& at) {
    // From the second timeout on: the first gap also holds the time before the timer started.
    if (at.size() < 4) return;
    std::vector<Micros> gaps;
    for (size_t i = 1; i < at.size(); ++i) gaps.push_back(at[i] - at[i - 1]);
    bool grows = true;
    for (size_t i = 2; i < gaps.size(); ++i)
      if (gaps[i] * 10 < gaps[i - 1] * 15 && gaps[i] < kLongTimeout) grows = false;
    if (!out.judged || (out.backs_off && !grows)) {
      out.seq = s;
      out.gaps = gaps;
    }
    out.judged = true;
    if (!grows) out.backs_off = false;
  };
  for (const PacketRecord& r : records) {
    if (!IsData(format, r)) continue;
    while (next < acks.size() && acks[next].first <= r.seen) acked.Ack(acks[next++].second);
    const uint64_t s = r.header.seq;
    auto [it, first] = first_send.try_emplace(s, r.seen);
    if (first) continue;
    const bool opens_burst = r.seen - last_resend > kBurstGap;
    last_resend = r.seen;
    if (!opens_burst) continue;
    if (!sends.empty() && s == seq && acked.progress() == acked_then) {
      sends.push_back(r.seen);
      continue;
    }
    judge(seq, sends);
    if (!out.backs_off) return out;
    seq = s;
    acked_then = acked.progress();
    sends = {it->second, r.seen};
  }
  judge(seq, sends);
  return out;
}

}  // namespace netgrade::transport
