// When a transport case is settled: a lasting failure seen as packets cross, no FIN that
// could still reach the goodput asked, or the program and the peer done.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "harness/kinds/transport/evidence.h"
#include "harness/kinds/transport/flight.h"
#include "harness/kinds/transport/goodput.h"
#include "harness/kinds/transport/traffic.h"
#include "harness/kinds/transport/transport_case.h"

namespace netgrade::transport {
namespace {

// netgrade's sender's timeouts in a row with nothing from a resting program: it will not answer.
constexpr size_t kSilentTimeouts = 3;
// A receiver given this many rounds of packets and answering none of them.
constexpr size_t kNeverAnswered = 5;
// How often the packets in flight are looked at as they cross.
constexpr Micros kFlightLook{200000};

}  // namespace

void TransportKindCase::LookForLastingFailure(const PacketRecord& rec) {
  if (failed_for_good_) return;
  const spec::Expect& e = host_->test().expect;
  if (!ExpectOf(e)) return;
  if (!student_sends_) {
    // A receiver's ACK that is not the cumulative one stays wrong; looked at at most every
    // 100 ms, the record read whole.
    if (!ExpectOf(e)->acks || rec.seen - last_ack_look_ < std::chrono::milliseconds(100)) return;
    last_ack_look_ = rec.seen;
    // Packets its socket dropped make ACKs below the cumulative one right: which ones is worked
    // out once, at the end (ReadAcks reads the record again for each).
    LookAtDrops();
    if (socket_drops_ == 0 && ReadAcks(format_, copies_[0].records).wrong) failed_for_good_ = true;
    return;
  }
  const Header& h = rec.header;
  if (h.valid() && h.type == format_.type_data && !goodput_timer_armed_) WaitForGoodput(rec.seen);
  // Other bytes under a number already used stay so (sender_checks.cc's seq_reused).
  if (h.valid() && h.type == format_.type_data && rec.copy == 0) {
    auto [first, fresh] = first_bytes_.try_emplace(h.seq, h.payload_hash);
    if (!fresh && first->second != h.payload_hash) failed_for_good_ = true;
  }
  // More in flight than the window stays so: looked at at most every 200 ms (a flood is
  // stopped within that), the record read whole.
  const size_t window = JudgedWindow(*ExpectOf(e), window_);
  if (window > 0 && rec.seen - last_flight_look_ >= kFlightLook) {
    last_flight_look_ = rec.seen;
    if (ReadSender(format_, copies_[0].records).max_in_flight > window) failed_for_good_ = true;
  }
  const bool oversize = rec.size > format_.header_size() + format_.payload_max;
  if (ExpectOf(e)->well_formed && (!h.valid() || oversize)) failed_for_good_ = true;
  if (!h.valid() || h.type != format_.type_data || !ExpectOf(e)->resend_not_before_ms) return;
  if (last_sent_.empty()) first_data_seq_ = h.seq;
  auto [it, first] = last_sent_.try_emplace(h.seq, rec.seen);
  if (!first) {
    // The first resend of a burst (flight.h's Resend::first_of_burst) sent too soon.
    const bool first_of_burst = rec.seen - last_resend_ > kBurstGap;
    // But the first burst led by the first packet sent, which may be the machine's
    // (sender_checks.cc), until another is too soon.
    const bool excused = last_resend_ < Micros{0} && h.seq == first_data_seq_;
    if (first_of_burst && !excused &&
        rec.seen - it->second < std::chrono::milliseconds(*ExpectOf(e)->resend_not_before_ms))
      failed_for_good_ = true;
    it->second = rec.seen;
    last_resend_ = rec.seen;
  }
}

void TransportKindCase::WaitForGoodput(Micros first_data) {
  goodput_timer_armed_ = true;
  const spec::Expect& e = host_->test().expect;
  if (!ExpectOf(e)->goodput_at_least) return;
  std::shared_ptr<const observe::KindEvidence> now = Evidence(*host_);
  const auto* evidence = static_cast<const transport::Evidence*>(now.get());
  std::optional<Micros> deadline = GoodputDeadline(*evidence, *ExpectOf(e)->goodput_at_least);
  if (!deadline) return;
  At(first_data + *deadline, [this, at = first_data + *deadline] {
    if (copies_[0].fin_taken_at < Micros{0}) gave_up_at_ = at;
  });
}

bool TransportKindCase::AnythingFromProgram() const {
  for (const PacketRecord& r : copies_[0].records)
    if (r.from_student) return true;
  return false;
}

bool TransportKindCase::Settled() {
  if (failed_for_good_ || gave_up_at_ >= Micros{0}) return true;
  // The instructor's program failed: nothing the program does now is judged against it.
  if (!PeerFailed().empty()) return true;
  if (host_->ProgramFinished()) {
    // What it sent last still crosses to netgrade's receiver: its FIN decides the transfer.
    // A second copy decides its own once it has ended (or was never started: the first ended
    // before its time).
    if (student_sends_)
      return held_to_peer_ == 0 && (!second() || !second()->started || host_->CopyEnded());
    // A receiver gone after acknowledging the FIN: once netgrade's sender has sent the FIN
    // again (its ACK lost), whether anyone answered it is known.
    return !sender_ || sender_->done() || sender_->fin_acked() || sender_->fins_sent() != 1;
  }
  if (held_ > 0) return false;
  if (student_sends_) return host_->AtRest();
  if (peer_program_) {
    // A receiver that has answered nothing while the instructor's sender sent a packet
    // kNeverAnswered times more never will.
    if (peer_most_sends_ > kNeverAnswered && !AnythingFromProgram()) return true;
    // The instructor's sender has ended (its transfer done), and the program waits with no
    // timeout of its own.
    return host_->PeerProgramEnded() && host_->AtRest();
  }
  // netgrade's sender is done (or the program has not answered it for a while) and the program
  // waits with no timeout of its own: nothing will wake it.
  if ((sender_ && sender_->done()) || silent_timeouts_ >= kSilentTimeouts) {
    // A receiver that has answered nothing to kNeverAnswered rounds of packets never will.
    if (silent_timeouts_ >= kNeverAnswered && !AnythingFromProgram()) return true;
    return host_->AtRest();
  }
  return false;
}

}  // namespace netgrade::transport
