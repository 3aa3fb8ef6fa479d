// The checks of a student's receiver (traffic.h): its ACKs against the cumulative ACK after
// each packet it was given (flight.h), the file it wrote, and its linger after the FIN.
#include <fmt/core.h>

#include <algorithm>

#include "harness/kinds/transport/codes.h"
#include "harness/kinds/transport/flight.h"
#include "harness/kinds/transport/traffic.h"

namespace netgrade::transport {
namespace {

using check::Code;
using check::Finding;

// What a receiver that took a corrupted packet must do: `internet`, the words for the Internet
// checksum, or the same for the format's other kind.
std::string CheckTheChecksum(const PacketFormat& format, const char* internet) {
  if (format.checksum == ChecksumKind::kInternet) return internet;
  return fmt::format(
      "Compute {} of every packet as it came, with the checksum field 0, compare it with the "
      "field, and drop a packet that fails it, with no ACK.",
      ChecksumInWords(format));
}

// The file it wrote for the transfer, when the case expects one.
const observe::WrittenFile* WrittenFileOf(const observe::Observation& obs) {
  for (const observe::WrittenFile& w : obs.written_files)
    if (w.exists) return &w;
  return nullptr;
}

// The file first differs from what was sent in a packet the program had acknowledged: it
// answered for bytes it did not keep (written later, never, or left in a buffer it did not
// flush before it exited). Told as the file's difference, with the ACK that vouched for them.
Finding AckedNotWritten(const observe::Observation& obs, const Evidence& e,
                        const observe::WrittenFile& w) {
  // A program stopped at the case's end lost what it had not written yet by netgrade's hand.
  if (!obs.program.exited || obs.timed_out) return Finding::Ok();
  const std::string& sent = *e.file;
  const size_t payload = e.format.payload_max;
  if (payload == 0) return Finding::Ok();
  const size_t at = static_cast<size_t>(
      std::mismatch(w.bytes.begin(), w.bytes.end(), sent.begin(), sent.end()).first -
      w.bytes.begin());
  if (at >= sent.size() || w.bytes.size() < w.size) return Finding::Ok();  // longer, or cut
  const uint64_t packet = at / payload;
  const bool selective = e.format.acks == spec::AckKind::kSelective;
  const PacketRecord* vouched = nullptr;
  for (const PacketRecord& r : *e.records)
    if (r.from_student && r.header.valid() && r.header.type == e.format.type_ack &&
        (selective ? r.header.seq == packet : r.header.seq > packet)) {
      vouched = &r;
      break;
    }
  if (!vouched) return Finding::Ok();
  const bool short_file = at == w.size;
  return {
      .code = Code::kFileDiffers,
      .cause = check::Say(
          "{} acknowledged DATA packet {} and then {}: '{}' {} at byte {}.",
          obs.program.display_name, packet,
          short_file ? "did not keep it" : "wrote other bytes in its place", w.path,
          short_file ? fmt::format("ends after {} of the {} bytes sent", w.size, sent.size())
                     : std::string("differs from what was sent"),
          at),
      .evidence = fmt::format("Its ACK {} at {:.1f} ms said packet {} had come{}.",
                              vouched->header.seq, vouched->seen.count() / 1000.0, packet,
                              selective ? "" : fmt::format(" (and every packet before it)")),
      .fix = short_file
                 ? "Write each DATA packet's payload to the file before sending its ACK, and close "
                   "the file (or flush it) before the program exits: bytes still in the "
                   "program's buffer when it exits are lost."
                 : "Write each DATA packet's payload, as it came, at its place in the file before "
                   "sending its ACK."};
}

Finding CheckWritten(const observe::Observation& obs, const Evidence& e, const AckReading& a) {
  const observe::WrittenFile* w = WrittenFileOf(obs);
  if (!w || !e.file) return Finding::Ok();
  const std::string& sent = *e.file;
  if (w->size == sent.size() && w->bytes == sent) return Finding::Ok();
  const std::string& program = obs.program.display_name;
  const size_t payload = e.format.payload_max;
  if (w->size > sent.size() && a.duplicates_delivered > 0)
    return {.code = transport::Codes::kDuplicateWritten,
            .cause = check::Say("{} wrote a packet it already had: '{}' holds {} bytes where {} "
                                "were sent.",
                                program, w->path, w->size, sent.size()),
            .evidence = fmt::format("The link delivered {} DATA packets a second time (a copy, or "
                                    "a resend after a lost ACK).",
                                    a.duplicates_delivered),
            .fix =
                "Write a DATA packet's payload only when its seq is the one expected; answer "
                "a packet below it with the ACK and write nothing."};
  if (a.corrupted_delivered > 0) {
    size_t at = static_cast<size_t>(
        std::mismatch(w->bytes.begin(), w->bytes.end(), sent.begin(), sent.end()).first -
        w->bytes.begin());
    return {.code = transport::Codes::kCorruptAccepted,
            .cause = check::Say("{} wrote a corrupted packet into '{}': it differs from what was "
                                "sent at byte {} (in packet {}).",
                                program, w->path, at, at / payload),
            .evidence = fmt::format("The link flipped a bit in {} DATA packets; a receiver that "
                                    "checks the checksum drops them.",
                                    a.corrupted_delivered),
            .fix = CheckTheChecksum(
                e.format,
                "Compute the Internet checksum over the whole packet as it came (the sum is "
                "then 0xffff, or the checksum of the packet with the field 0 equals the "
                "field), and drop a packet that fails it, with no ACK.")};
  }
  if (Finding f = AckedNotWritten(obs, e, *w); !f.ok()) return f;
  return Finding::Ok();  // the shared check of `expect: files` says how it differs
}

}  // namespace

Finding CheckReceiver(const observe::Observation& obs, const Evidence& e,
                      const spec::TransportExpect* expect) {
  const std::string& program = obs.program.display_name;
  const std::vector<PacketRecord>& records = *e.records;
  size_t sent = 0, from_program = 0;
  for (const PacketRecord& r : records) (r.from_student ? from_program : sent) += 1;
  if (from_program == 0) {
    if (sent == 0) return Finding::Ok();  // it never listened: the shared checks say so
    return {.code = Code::kNoAnswer,
            .cause = check::Say("{} never answered: netgrade's sender sent it {} datagrams and "
                                "no ACK came back.",
                                program, sent),
            .evidence =
                "Every packet netgrade sends is well formed (its checksum and len are "
                "right): a receiver that drops them all checks them wrongly, such as a "
                "checksum read in the machine's byte order instead of big-endian.",
            .fix =
                "Answer every DATA packet with an ACK, sent to the address the packet came "
                "from (recvfrom() gives it)."};
  }
  const AckReading a = ReadAcks(e.format, records, e.socket_drops);
  if (a.first_bad)
    if (Finding f = CheckForm(obs, e, *a.first_bad); !f.ok()) return f;
  if (a.wrong && (!expect || expect->acks)) {
    const PacketRecord& r = records[*a.wrong];
    if (a.after_corrupt)
      return {.code = transport::Codes::kCorruptAccepted,
              .cause = check::Say("{} took a corrupted packet: after the link flipped a bit in "
                                  "packet {}, it answered ACK {}.",
                                  program, a.corrupted_seq, a.wrong_value),
              .evidence =
                  "A packet whose checksum fails is dropped as if it had been lost: no "
                  "ACK moves for it.",
              .fix = CheckTheChecksum(e.format,
                                      "Check the Internet checksum of every packet as it came, "
                                      "and drop the ones that fail.")};
    if (e.format.acks == spec::AckKind::kSelective)
      return {
          .code = transport::Codes::kWrongAck,
          .cause = a.off_by_one
                       ? check::Say("{} answered ACK {} at {:.1f} ms after packet {}: the next "
                                    "packet it expects, a cumulative ACK, where each ACK names the "
                                    "packet it acknowledges.",
                                    program, a.wrong_value, r.seen.count() / 1000.0, a.right_value)
                       : check::Say("{} answered ACK {} at {:.1f} ms, and no packet {} had reached "
                                    "it.",
                                    program, a.wrong_value, r.seen.count() / 1000.0, a.wrong_value),
          .evidence = "A selective ACK n says: packet n has come (whatever came before it).",
          .fix = "Answer each DATA packet, in order or not, with an ACK of its own seq."};
    return {
        .code = transport::Codes::kWrongAck,
        .cause = a.off_by_one
                     ? check::Say("{} answered ACK {} at {:.1f} ms where the cumulative ACK "
                                  "is {}: it acknowledges the packet it received, not the "
                                  "next one it expects.",
                                  program, a.wrong_value, r.seen.count() / 1000.0, a.right_value)
                     : check::Say("{} answered ACK {} at {:.1f} ms where the cumulative ACK "
                                  "is {}.",
                                  program, a.wrong_value, r.seen.count() / 1000.0, a.right_value),
        .evidence = "An ACK n says: every packet below n has come, n is the next one wanted.",
        .fix =
            "Answer each DATA packet (in order or not) with ACK expected, expected being "
            "the seq of the next packet to write."};
  }
  // What its socket dropped (its receive buffer full) the program never had to answer.
  const size_t had = a.data_before_fin - std::min(e.socket_drops, a.data_before_fin);
  if ((!expect || expect->acks) && a.fin_answered && a.acks_before_fin_answer < had) {
    const size_t missing = had - a.acks_before_fin_answer;
    Finding f{.code = transport::Codes::kMissingAck,
              .cause = check::Say("{} left {} of the {} DATA packets it was given unanswered: it "
                                  "sent {} ACKs before it acknowledged the FIN.",
                                  program, missing, had, a.acks_before_fin_answer),
              .evidence =
                  "A sender waits for ACKs to move its window: a packet left unanswered makes it "
                  "wait for a timeout, or send the packet again, as if it had been lost.",
              .fix =
                  "Answer every DATA packet that comes, in order or not, a copy too, with ACK "
                  "expected; drop only the ones whose checksum fails."};
    if (e.socket_drops > 0)
      f.AddNote(
          fmt::format("Not counted: {} more that its socket dropped, its receive buffer "
                      "full, before the program could read them.",
                      Packets(std::min(e.socket_drops, a.data_before_fin))));
    return f;
  }
  // Its time ran out before the FIN, its socket dropping what it read too slowly: the file is
  // short for that, not for how it reads.
  if (obs.timed_out && !a.fin_answered && e.socket_drops > 0 && e.file) {
    const observe::WrittenFile* w = WrittenFileOf(obs);
    return {.code = transport::Codes::kSlowTransfer,
            .cause = check::Say("{} had not taken the whole file when the case's {:.0f} s ran "
                                "out: it had written {} of the {} bytes.",
                                program, obs.timeout_ms / 1000.0, w ? w->size : 0, e.file->size()),
            .evidence = fmt::format(
                "Its socket dropped {}, its receive buffer full: the program read them more "
                "slowly than they came, and the sender sends each one dropped again only after "
                "its timeout.",
                Packets(e.socket_drops)),
            .fix =
                "Read each packet and answer it at once, with little work in between: no print, "
                "no sleep and no flush of the file per packet."};
  }
  if (Finding f = CheckWritten(obs, e, a); !f.ok()) return f;
  // It acknowledged the FIN, that ACK was lost, and it was gone when the FIN came again.
  if (obs.program.exited && !e.fin_acked && e.fins_sent >= 2) {
    bool acked_fin_once = false;
    uint64_t fin_ack = 0;
    for (const PacketRecord& r : records)
      if (!r.from_student && r.header.valid() && r.header.type == e.format.type_fin)
        fin_ack = r.header.seq + 1;
    for (const PacketRecord& r : records)
      if (r.from_student && r.header.valid() && r.header.type == e.format.type_ack &&
          r.header.seq == fin_ack)
        acked_fin_once = true;
    if (acked_fin_once)
      return {.code = transport::Codes::kNoLinger,
              .cause = check::Say("{} exited right after acknowledging the FIN; that ACK was "
                                  "lost, and the FIN that came again found no one to answer it.",
                                  program),
              .fix =
                  "After acknowledging the FIN, keep answering repeated FINs for 2 s after "
                  "the last one, then exit."};
  }
  return Finding::Ok();
}

}  // namespace netgrade::transport
