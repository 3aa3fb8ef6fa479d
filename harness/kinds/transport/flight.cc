#include "harness/kinds/transport/flight.h"

#include <algorithm>
#include <map>
#include <set>

namespace netgrade::transport {
namespace {

bool IsData(const PacketFormat& f, const Header& h) { return h.valid() && h.type == f.type_data; }
bool IsAck(const PacketFormat& f, const Header& h) { return h.valid() && h.type == f.type_ack; }
bool IsFin(const PacketFormat& f, const Header& h) { return h.valid() && h.type == f.type_fin; }

}  // namespace

void AckedSoFar::Ack(uint64_t seq) {
  if (!selective_) {
    if (seq > acked_) progress_ += seq - acked_;
    acked_ = std::max(acked_, seq);
    return;
  }
  if (acked_set_.insert(seq).second) ++progress_;
  unacked_.erase(seq);
}

size_t AckedSoFar::Sent(uint64_t seq) {
  if (!selective_) return seq + 1 > acked_ ? static_cast<size_t>(seq + 1 - acked_) : 0;
  // An ACK that came before its packet was sent (a stray) acknowledges nothing sent later.
  if (!acked_set_.count(seq)) unacked_.insert(seq);
  // Selective repeat's window runs from the oldest packet not acknowledged: packet `seq` goes
  // out only below base + WINDOW, however many above the base are acknowledged.
  const uint64_t base = unacked_.empty() ? seq : std::min(*unacked_.begin(), seq);
  return static_cast<size_t>(seq + 1 - base);
}

std::vector<std::pair<Micros, uint64_t>> AckArrivals(const PacketFormat& format,
                                                     const std::vector<PacketRecord>& records) {
  std::vector<std::pair<Micros, uint64_t>> acks;
  for (const PacketRecord& r : records) {
    if (r.from_student || !IsAck(format, r.header) || r.fate != Fate::kDelivered || r.overflow)
      continue;
    // A corrupted ACK is dropped by a right sender (the link's copy of one is not corrupted).
    if (r.delivered >= Micros{0} && (!r.corrupted || r.duplicated))
      acks.emplace_back(r.delivered, r.header.seq);
  }
  std::sort(acks.begin(), acks.end());
  return acks;
}

SenderFlight ReadSender(const PacketFormat& format, const std::vector<PacketRecord>& records,
                        size_t window) {
  SenderFlight out;
  uint64_t fin_seq = 0;
  bool fin_seen = false;
  for (const PacketRecord& r : records) {
    if (r.from_student) {
      if (IsFin(format, r.header)) {
        fin_seen = true;
        fin_seq = r.header.seq;
      }
      if (IsData(format, r.header) && (r.fate != Fate::kDelivered || r.overflow))
        ++out.lost_out;
      else if (IsData(format, r.header) && r.corrupted)
        ++out.corrupted_out;
      continue;
    }
    if (!IsAck(format, r.header)) continue;
    if (r.fate != Fate::kDelivered || r.overflow) {
      ++out.lost_back;
      if (fin_seen && r.header.seq == fin_seq + 1) out.fin_ack_lost = true;
      continue;
    }
    if (r.corrupted) ++out.corrupted_back;
  }
  const std::vector<std::pair<Micros, uint64_t>> acks = AckArrivals(format, records);
  size_t next_ack = 0;
  uint64_t last_ack = 0;
  AckedSoFar acked(format.acks);
  Micros last_dup_ack{-1};
  bool last_was_dup = false;  // the last ACK delivered so far repeated the one before
  std::map<uint64_t, Micros> last_send;
  std::map<uint64_t, uint64_t> first_bytes;  // each number's first payload (its hash)
  bool any = false;
  uint64_t highest = 0;
  size_t burst = 0;
  Micros burst_start{-1}, burst_last{-1}, previous_burst_start{-1};
  uint64_t burst_from = 0, burst_to = 0;
  bool lost_ack_seen = false;
  const bool selective = format.acks == spec::AckKind::kSelective;
  std::map<uint64_t, Micros> own_ack;  // selective: when each packet's ACK first came
  for (const PacketRecord& r : records) {
    if (!r.from_student) {
      if (IsAck(format, r.header) && (r.fate != Fate::kDelivered || r.overflow) && fin_seen &&
          r.header.seq == fin_seq + 1)
        lost_ack_seen = true;
      continue;
    }
    ++out.datagrams;
    out.last_from_program = r.seen;
    // The ACKs that had reached the program by now.
    while (next_ack < acks.size() && acks[next_ack].first <= r.seen) {
      // A selective ACK repeated says that packet came twice, not that one is missing.
      last_was_dup = !selective && acks[next_ack].second == last_ack;
      if (last_was_dup) last_dup_ack = acks[next_ack].first;
      last_ack = acks[next_ack].second;
      acked.Ack(last_ack);
      if (selective) own_ack.try_emplace(last_ack, acks[next_ack].first);
      ++next_ack;
    }
    if (IsFin(format, r.header)) {
      ++out.fins;
      if (lost_ack_seen) ++out.fins_after_lost_ack;
      continue;
    }
    if (!IsData(format, r.header)) continue;
    ++out.data_packets;
    if (out.first_data < Micros{0}) out.first_data = r.seen;
    const uint64_t seq = r.header.seq;
    auto sent = last_send.find(seq);
    if (sent == last_send.end()) {
      if (!any || seq > highest) highest = seq;
      any = true;
      const size_t in_flight = acked.Sent(seq);
      if (in_flight > out.max_in_flight) {
        out.max_in_flight = in_flight;
        out.max_in_flight_at = r.seen;
      }
      if (seq > 0 && in_flight == 1) {
        if (out.drained_starts++ == 0) out.first_drained_at = r.seen;
      }
      burst = 0;
      last_send[seq] = r.seen;
      if (r.header.valid()) first_bytes.try_emplace(seq, r.header.payload_hash);
      continue;
    }
    // Its first well-formed send's bytes, as the case's live look keeps them (case_settled.cc).
    if (r.header.valid()) {
      auto [first, fresh] = first_bytes.try_emplace(seq, r.header.payload_hash);
      if (!fresh && first->second != r.header.payload_hash && out.reused++ == 0) {
        out.first_reused_seq = seq;
        out.first_reused_at = r.seen;
      }
    }
    Resend s;
    s.seq = seq;
    s.at = r.seen;
    s.gap = r.seen - sent->second;
    if (window > 0 && highest + 1 > window && !selective) {
      s.shown_acked = highest + 1 - window;
      s.shown_by = highest;
    }
    // However late a loaded program reads it, a duplicate ACK that is the last one it had,
    // come since the packet's previous send, is what it answered.
    if (auto own = own_ack.find(seq);
        own != own_ack.end() && r.seen - own->second >= kAckedLongBefore)
      s.own_ack_at = own->second;
    s.after_dup_ack = last_was_dup && last_dup_ack > sent->second && s.gap < Micros{100000};
    if (burst == 0 || r.seen - burst_last > kBurstGap) {
      // The first burst is measured from the first packet: a timer started then and never
      // again fires a timeout after it.
      previous_burst_start = burst_start >= Micros{0} ? burst_start : out.first_data;
      burst_start = r.seen;
      burst = 0;
      burst_from = seq;
    }
    s.since_burst =
        previous_burst_start >= Micros{0} ? burst_start - previous_burst_start : Micros{0};
    s.first_of_burst = burst == 0;
    ++burst;
    burst_to = seq;
    burst_last = r.seen;
    if (burst > out.largest_burst) {
      out.largest_burst = burst;
      out.largest_burst_at = burst_start;
      out.largest_burst_from = burst_from;
      out.largest_burst_to = burst_to;
    }
    sent->second = r.seen;
    out.resends.push_back(s);
  }
  out.packets = any ? highest + 1 : 0;
  return out;
}

namespace {

// A DATA or FIN packet sent to the program, by when.
struct Came {
  Micros at;
  const PacketRecord* r;
  bool copy;     // the link's copy of a duplicated packet: never corrupted
  bool dropped;  // taken as dropped by the program's socket (its receive buffer full)
};

// `*unmatched`: where the packets not yet answered began (into given_order) when the first
// wrong ACK came.
AckReading ReadAcksGiven(const PacketFormat& format, const std::vector<PacketRecord>& records,
                         const std::vector<Came>& given_order, size_t* unmatched) {
  AckReading out;
  // The DATA and FIN that reached the program, by when; each with the range of cumulative ACKs
  // right after it: from a receiver that keeps no packet out of order (lo) to one that keeps
  // every one (hi). A corrupted packet moves neither, nor does one its socket dropped.
  struct Given {
    Micros at;
    uint64_t lo, hi;
    bool corrupted;
    uint64_t seq;
    bool data = false;
  };
  std::vector<Given> given;
  Micros fin_given_at{-1};
  uint64_t fin_seq = 0;
  uint64_t lo = 0, hi = 0;
  std::set<uint64_t> kept, had;
  for (const auto& [at, r, copy, dropped] : given_order) {
    const Header& h = r->header;
    if (dropped) {
      if (h.type == format.type_data && fin_given_at < Micros{0}) ++out.data_before_fin;
      given.push_back({at, lo, std::max(lo, hi), false, h.seq, h.type == format.type_data});
      continue;
    }
    if (r->corrupted && !copy) {
      ++out.corrupted_delivered;
      if (out.corrupted_delivered == 1) out.corrupted_seq = h.seq;
      given.push_back({at, lo, hi, true, h.seq, h.type == format.type_data});
      continue;
    }
    if (h.type == format.type_fin && fin_given_at < Micros{0}) {
      fin_given_at = at;
      fin_seq = h.seq;
    }
    if (h.type == format.type_data && fin_given_at < Micros{0}) ++out.data_before_fin;
    if (h.type == format.type_data) {
      if (had.count(h.seq)) ++out.duplicates_delivered;
      had.insert(h.seq);
      if (h.seq == lo) ++lo;
      if (h.seq >= hi) kept.insert(h.seq);
      while (kept.count(hi)) kept.erase(hi++);
    } else if (h.type == format.type_fin && h.seq >= lo && h.seq <= std::max(lo, hi)) {
      lo = hi = h.seq + 1;
    }
    given.push_back({at, lo, std::max(lo, hi), false, h.seq, h.type == format.type_data});
  }
  // Selective ACKs: an ACK names a DATA packet given whole by then, or is the FIN's + 1.
  const bool selective = format.acks == spec::AckKind::kSelective;
  std::set<uint64_t> nameable, corrupted_only;
  size_t named_from = 0;
  uint64_t last_data = 0, last_lo = 0, last_hi = 0;
  bool any_data = false;
  size_t from = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const PacketRecord& r = records[i];
    if (!r.from_student) continue;
    if (!r.header.valid()) {
      ++out.bad;
      if (!out.first_bad) out.first_bad = i;
      continue;
    }
    if (r.header.type != format.type_ack) continue;
    ++out.acks;
    if (!out.fin_answered) {
      if (fin_given_at >= Micros{0} && r.seen >= fin_given_at && r.header.seq == fin_seq + 1)
        out.fin_answered = true;
      else
        ++out.acks_before_fin_answer;
    }
    if (out.wrong) continue;
    const uint64_t v = r.header.seq;
    if (selective) {
      for (; named_from < given.size() && given[named_from].at <= r.seen; ++named_from) {
        const Given& g = given[named_from];
        const uint64_t names = g.data ? g.seq : g.seq + 1;
        last_lo = g.lo;
        last_hi = g.hi;
        if (g.corrupted) {
          if (!nameable.count(names)) corrupted_only.insert(names);
          continue;
        }
        nameable.insert(names);
        corrupted_only.erase(names);
        if (g.data) {
          last_data = g.seq;
          any_data = true;
        }
      }
      if (nameable.count(v)) continue;
      out.wrong = i;
      out.wrong_value = v;
      out.right_value = last_data;
      // The cumulative ACK a Go-Back-N receiver would have sent.
      out.off_by_one = any_data && v >= last_lo && v <= last_hi;
      out.after_corrupt = corrupted_only.count(v) > 0;
      continue;
    }
    size_t until = from;
    while (until < given.size() && given[until].at <= r.seen) ++until;
    bool right = false;
    for (size_t j = from; j < until && !right; ++j)
      if (v >= given[j].lo && v <= given[j].hi) {
        right = true;
        from = j + 1;
      }
    if (!right && until > 0 && v >= given[until - 1].lo && v <= given[until - 1].hi) right = true;
    if (right) continue;
    *unmatched = from;
    out.wrong = i;
    out.wrong_value = v;
    const Given* last = until > 0 ? &given[until - 1] : nullptr;
    out.right_value = last ? last->hi : 0;
    out.off_by_one = last && v + 1 >= last->lo && v + 1 <= last->hi;
    for (size_t j = from; j < until; ++j)
      if (given[j].corrupted && v > given[j].hi) out.after_corrupt = true;
  }
  return out;
}

}  // namespace

AckReading ReadAcks(const PacketFormat& format, const std::vector<PacketRecord>& records,
                    size_t socket_drops) {
  std::vector<Came> given_order;
  for (const PacketRecord& r : records)
    if (!r.from_student && r.fate == Fate::kDelivered && !r.overflow && r.delivered >= Micros{0}) {
      given_order.push_back({r.delivered, &r, false, false});
      // The link's copy comes at the same time.
      if (r.duplicated) given_order.push_back({r.delivered, &r, true, false});
    }
  std::stable_sort(given_order.begin(), given_order.end(),
                   [](const Came& a, const Came& b) { return a.at < b.at; });
  // A cumulative ACK below the one due says that packet never came: when the program's socket
  // dropped packets, that is one of them (every copy of it given since the packets its ACKs had
  // answered, and before that ACK), as many as it dropped; an ACK still wrong after that is the
  // program's.
  // A packet taken as dropped that a later ACK says had come (an ACK above what came) was not:
  // the reading before it stands (an off-by-one receiver is not excused by its drops).
  // At most kMostTaken ACKs below are explained so (each reads the record again); one past them
  // is given the benefit of the doubt.
  constexpr size_t kMostTaken = 256;
  size_t left = socket_drops;
  std::optional<AckReading> before;
  for (size_t taken = 0;; ++taken) {
    size_t unmatched = 0;
    AckReading out = ReadAcksGiven(format, records, given_order, &unmatched);
    out.taken_as_dropped = socket_drops - left;
    if (before && out.wrong && out.wrong_value > out.right_value) return *before;
    if (!out.wrong || format.acks == spec::AckKind::kSelective || out.after_corrupt ||
        out.wrong_value >= out.right_value || left == 0)
      return out;
    if (taken == kMostTaken) {
      out.wrong.reset();
      return out;
    }
    const Micros ack_at = records[*out.wrong].seen;
    std::vector<Came*> copies;
    for (size_t j = unmatched; j < given_order.size(); ++j)
      if (Came& c = given_order[j]; c.at <= ack_at && !c.dropped && !(c.r->corrupted && !c.copy) &&
                                    c.r->header.type == format.type_data &&
                                    c.r->header.seq == out.wrong_value)
        copies.push_back(&c);
    if (copies.empty() || copies.size() > left) return out;
    for (Came* c : copies) c->dropped = true;
    left -= copies.size();
    before = out;
  }
}

}  // namespace netgrade::transport
