// The parts of a transport lab's spec (`protocol: transport`) as plain data: the packet its
// programs speak (`packet:`), a case's link (`link:`) and transfer (`transfer:`), and what is
// judged on the protocol's own packets (`expect:` keys of this kind), held by the spec as its
// kind's parts (spec::KindPart: Spec::kind_part, Case::kind_part, Expect::kind_part) and read
// back here (PacketOf, LinkOf, TransferOf, ExpectOf). kinds/transport/spec_keys.h loads them;
// harness/kinds/transport/ runs and judges them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/spec/mark.h"
#include "harness/spec/spec.h"

namespace netgrade::spec {

// One field of the header: where it is, and how wide (1, 2, 4 or 8 bytes).
struct PacketField {
  std::string name;
  int offset = 0;
  int size = 0;
  Mark mark;
};

// What the header's checksum field holds, computed over the whole packet with the field 0
// (`packet: {checksum: ...}`): the Internet checksum (RFC 1071, 2 bytes, the default), the
// CRC-32 of zlib, Ethernet and PNG (4 bytes: Python's zlib.crc32(), Java's CRC32, Go's
// crc32.ChecksumIEEE), or none (no checksum field; the link may not corrupt).
enum class ChecksumKind { kInternet, kCrc32, kNone };

// What an ACK's seq says (`packet: {acks: ...}`): cumulative, the next DATA wanted (Go-Back-N,
// the default); selective, the one DATA packet it acknowledges (selective repeat).
enum class AckKind { kCumulative, kSelective };

// `packet:` (the spec's top level): the header of the protocol's packets. Its fields must name
// type, checksum (unless `checksum: none`), seq and len.
struct PacketLayout {
  bool big_endian = true;
  ChecksumKind checksum = ChecksumKind::kInternet;
  AckKind acks = AckKind::kCumulative;
  std::vector<PacketField> fields;
  int payload_offset = 10;
  int payload_max = 1000;
  int type_data = 0, type_ack = 1, type_fin = 2;
  Mark mark;
};

// From `at` on, a direction's rate, loss or delay are these (`changes:`).
struct LinkChange {
  int64_t at_ms = 0;
  std::optional<double> rate_bps;
  std::optional<double> loss;
  std::optional<int64_t> delay_ms;
  Mark mark;
};

// One direction of a case's link (kinds/transport/link.h says what each does).
struct LinkDirection {
  double rate_bps = 0;             // 0: no limit
  std::vector<uint32_t> trace_ms;  // a Mahimahi trace (replaces the rate)
  std::string trace_from;          // the trace's file as written
  int64_t delay_ms = 0, jitter_ms = 0;
  int64_t queue_packets = 0, queue_bytes = 0;  // 0: no bound
  double loss = 0, duplicate = 0, reorder = 0, corrupt = 0;
  std::vector<int> lose, duplicate_at, corrupt_at;  // 1-based, in the order packets come
  int lose_fin_ack = 0;  // the first N ACKs of the FIN that cross this way are lost
  std::vector<LinkChange> changes;
};

// `link:` of a case. Its keys apply to both directions; `out:` (from the student's program)
// and `back:` (to it) give one direction's own.
struct TransportLink {
  LinkDirection out, back;
  Mark mark;
};

// `transfer:` of a case: the file that crosses, and netgrade's own sender's window and timeout
// when it plays the sender against a student's receiver.
struct Transfer {
  std::string file;  // a path of the spec's `files`
  int window = 0;
  int timeout_ms = 200;
  // `copies: 2`: two copies of the student's sender share the link, the second started
  // `second_after` after the first (the contract's "two of it"); each sends the file.
  int copies = 1;
  int64_t second_after_ms = 2000;
  // `beside: tcp`: a kernel TCP flow shares the link with the student's sender, through the same
  // queue, from the case's start (the contract's "beside TCP"; kinds/transport/kernel_flow.h).
  bool beside_tcp = false;
  Mark mark;
};

// What is judged on the protocol's own packets (`expect:` keys of a transport lab), set when
// the case gives any (Expect::kind_part).
struct TransportExpect : KindPart {
  // `delivered: true`: netgrade's receiver got the transfer's file, exactly, FIN and all.
  bool delivered = false;
  // `well_formed: true`: every packet's checksum, len and payload size as the header says.
  bool well_formed = false;
  // `in_flight: {at_most: N, reaching: N}`: DATA packets unacknowledged at once.
  std::optional<int> in_flight_at_most, in_flight_reaching;
  // `in_flight: {sliding: true}`: a new packet goes out as ACKs come, not a window at a time
  // once every packet before it is acknowledged.
  bool in_flight_sliding = false;
  // `resends: {not_before: 100ms, at_most_per_timeout: N}`: the gap from a packet's send to
  // its first resend; the resends one timeout brings.
  std::optional<int64_t> resend_not_before_ms;
  std::optional<int> resends_per_timeout;
  // `resends: {spurious_at_most: 10%}`: of a sender's resends, the share sent while the ACK of
  // the copy before was already on its way back (a timeout shorter than the round trip). Fewer
  // than 3 such resends never fail: one delay spike may fool a right timeout once.
  std::optional<double> spurious_at_most;
  // `resends: {backoff: true}`: a timeout that fires again for the same packet, with no ACK
  // between, waits longer than the one before (RFC 6298 doubles it).
  bool backoff = false;
  // `queue_delay: {at_most: 80ms, from: 3s}`: the mean time the sender's DATA packets waited in
  // the link's queue, over those sent from `from` (since the case's start) on: no standing
  // queue.
  std::optional<int64_t> queue_delay_at_most_ms;
  int64_t queue_delay_from_ms = 0;
  // `goodput: {at_least: 80%}`: of the lower of the window's rate (window x payload per round
  // trip) and the link's.
  std::optional<double> goodput_at_least;
  // `goodput: {tiers: [{at_least: 50%, points: 1}, ...]}`: partial credit. Below the first
  // tier the case fails (the first tier is `at_least`); a passing case gets the points of the
  // highest tier its goodput reaches; the last tier's are the case's `points`. Ascending.
  struct Tier {
    double at_least = 0;
    int points = 0;
    Mark mark;
  };
  std::vector<Tier> goodput_tiers;
  // `goodput: {at_least: 50%, full_at: 85%}`: partial credit by a formula. A passing case gets
  // its points in proportion to how far its goodput went from the pass mark (`at_least`) to
  // `full_at`, rounded down, at least 1; from `full_at` on, all of them. Not with `tiers`.
  std::optional<double> goodput_full_at;
  Mark full_at_mark;
  // `fairness: {at_least: 0.9}`: with two copies of the sender, Jain's fairness index of their
  // goodputs over the last half of the time both ran (1: equal shares; 0.5: one took all).
  std::optional<double> fairness_at_least;
  // `share: {at_least: 30%, at_most: 70%}`: beside a kernel TCP flow (`beside: tcp`), the
  // sender's share of the two goodputs over the last half of the time both sent.
  std::optional<double> share_at_least, share_at_most;
  Mark share_mark;
  // `acks: cumulative` (or `selective`): a student's receiver answers every DATA packet with the
  // cumulative ACK (or with an ACK of its own seq), as the spec's `packet: {acks: ...}` says.
  bool acks = false;
  AckKind acks_as = AckKind::kCumulative;
  Mark acks_mark;
  // `fin_resent: true`: a student's sender sends the FIN again when its ACK is lost.
  bool fin_resent = false;
  Mark mark;
};

// A transport spec's own part (Spec::kind_part): its packet.
struct TransportSpecPart : KindPart {
  std::optional<PacketLayout> packet;
};

// A transport case's own part (Case::kind_part), set when it gives `link:` or `transfer:`.
struct TransportCasePart : KindPart {
  std::optional<TransportLink> link;  // the link between the program and its peer
  std::optional<Transfer> transfer;   // the file that crosses it
};

}  // namespace netgrade::spec

namespace netgrade::transport {

// `packet:` of the spec; nullptr when it gives none (or is of another kind).
const spec::PacketLayout* PacketOf(const spec::Spec& s);
// `link:` and `transfer:` of a case; nullptr when not given.
const spec::TransportLink* LinkOf(const spec::Case& c);
const spec::Transfer* TransferOf(const spec::Case& c);
// The transport keys of `expect`; nullptr when it gives none.
const spec::TransportExpect* ExpectOf(const spec::Expect& e);

// The parts to write, for the loader (spec_keys.cc) and a test that makes a spec by hand: the
// part already there when no copy of the spec shares it, else a copy of it (or a new one) put
// in its place, so that a copy of the spec keeps what it had.
spec::TransportSpecPart* EditSpec(spec::Spec& s);
spec::TransportCasePart* EditCase(spec::Case& c);
spec::TransportExpect* EditExpect(spec::Expect& e);

}  // namespace netgrade::transport
