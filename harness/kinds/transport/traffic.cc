#include "harness/kinds/transport/traffic.h"

#include <fmt/core.h>

#include <algorithm>

#include "harness/base/text.h"
#include "harness/kinds/transport/codes.h"

namespace netgrade::transport {
namespace {

std::string Hex(uint64_t v, size_t bytes) {
  std::string out;
  for (size_t i = bytes; i-- > 0;)
    out += fmt::format("{}{:02x}", out.empty() ? "" : " ", (v >> (8 * i)) & 0xff);
  return out;
}

// A finding that stands however late netgrade ran: what a packet held, how many were in
// flight against the window, what a receiver wrote, how a second copy ended. The others are
// read from times.
bool StandsWhateverTheTiming(check::Code code) {
  using check::Code;
  const Code standing[] = {
      Code::kBadChecksum,       Codes::kHostByteOrder,    Codes::kPayloadTooBig,
      Codes::kBadPacket,        Codes::kWindowExceeded,   Codes::kStopAndWait,
      Codes::kCorruptAccepted,  Codes::kDuplicateWritten, Code::kFileDiffers,
      Codes::kSecondCopyFailed, Code::kGraderProblem};
  for (Code c : standing)
    if (code == c) return true;
  return false;
}

// netgrade held up for longer than this played the link too late for its times to judge a
// program by: more than twice the path's round trip, and more than the resend floors the labs
// ask (100 ms and more) with room.
double HeldUpBound(const Evidence& e) { return std::max(kHeldUpAtLeastMs, 2 * e.base_rtt_ms); }

}  // namespace

check::Finding HeldUp(const observe::Observation& obs, const Evidence& e, check::Finding f) {
  if (f.ok() || StandsWhateverTheTiming(f.code) || e.timers_late_ms <= HeldUpBound(e)) return f;
  check::Finding held{
      .code = check::Code::kGraderProblem,
      .cause = check::Say(
          "netgrade fell behind while it played the link: its timers fired up to {:.0f} ms late "
          "(this computer did not run netgrade for that long), more than the {:.0f} ms its "
          "times can be that late by and still judge {}'s.",
          e.timers_late_ms, HeldUpBound(e), obs.program.display_name),
      .evidence = "What was seen (below) may be the delay's, not the program's.",
      .fix = "This is not your program's fault: grade again, on a less loaded machine."};
  held.AddNote(f.Text());
  return held;
}

std::string Packets(size_t n) { return n == 1 ? "1 packet" : fmt::format("{} packets", n); }

check::Finding CheckTraffic(const observe::Observation& obs) {
  const Evidence* e = dynamic_cast<const Evidence*>(obs.kind.get());
  if (!e || !e->records) return check::Finding::Ok();
  const spec::TransportExpect* expect = ExpectOf(obs.test->expect);
  check::Finding f = HeldUp(
      obs, *e, e->student_sends ? CheckSender(obs, *e, expect) : CheckReceiver(obs, *e, expect));
  // The instructor's program that played the peer failed: what went wrong after is not the
  // student's to answer for, but the packets it sent malformed are.
  if (f.ok() || e->peer_failed.empty() || f.code == transport::Codes::kBadPacket) return f;
  return {
      .code = check::Code::kGraderProblem,
      .cause = check::Say("{}, which played against {}, {} before the case was over.",
                          Capitalize(e->peer_program), obs.program.display_name, e->peer_failed),
      .evidence = e->peer_stderr.empty() ? "It printed nothing on standard error."
                                         : "Its last lines on standard error:\n" + e->peer_stderr,
      .fix = "This is not your program's fault: tell your instructor, whose program it is."};
}

namespace {

// How to write the header in its byte order, with its own fields: struct's format for them.
std::string PackAdvice(const PacketFormat& f) {
  return f.byte_order == ByteOrder::kBig
             ? fmt::format(
                   "Pack every field big-endian: struct.pack(\"{}\", {}) in Python "
                   "('!' is network order), htons() and htonl() in C.",
                   StructFormat(f), FieldOrder(f))
             : fmt::format(
                   "Pack every field little-endian, as the header says: "
                   "struct.pack(\"{}\", {}) in Python.",
                   StructFormat(f), FieldOrder(f));
}

}  // namespace

check::Finding CheckForm(const observe::Observation& obs, const Evidence& e, size_t index) {
  const PacketRecord& r = (*e.records)[index];
  const Header& h = r.header;
  const PacketFormat& f = e.format;
  const std::string& program = obs.program.display_name;
  const size_t header = f.header_size();
  const size_t body = r.size > header ? r.size - header : 0;
  const std::string what = h.type == f.type_data  ? fmt::format("DATA packet {}", h.seq)
                           : h.type == f.type_ack ? fmt::format("ACK {}", h.seq)
                           : h.type == f.type_fin ? fmt::format("FIN {}", h.seq)
                                                  : fmt::format("packet of type {}", h.type);
  const std::string when = fmt::format("(at {:.1f} ms)", r.seen.count() / 1000.0);
  if (h.too_short)
    return {.code = transport::Codes::kBadPacket,
            .cause = check::Say("{} sent a datagram of {} bytes {}, shorter than the {}-byte "
                                "header.",
                                program, r.size, when, header),
            .fix = fmt::format("Every packet starts with the whole header: {}.", FieldOrder(f))};
  const Field* len_field = f.Find("len");
  const Field* seq_field = f.Find("seq");
  const bool big = f.byte_order == ByteOrder::kBig;
  const char* order = big ? "big-endian (network byte order)" : "little-endian";
  if (h.length_wrong && len_field && h.len_swapped == body && body <= f.payload_max)
    return {.code = transport::Codes::kHostByteOrder,
            .cause = check::Say("{} writes the header's fields in its machine's byte order, not "
                                "{}: its {} carries len {} (bytes {}) for a payload of {} bytes.",
                                program, order, what, h.len, Hex(h.len, len_field->size), body),
            .fix = PackAdvice(f)};
  if (h.valid() && seq_field && h.seq > (1u << 24) && h.seq_swapped < (1u << 20))
    return {.code = transport::Codes::kHostByteOrder,
            .cause = check::Say("{} writes the header's fields in its machine's byte order, not "
                                "{}: its {} {} carries seq {} (bytes {}), which is {} read the "
                                "other way.",
                                program, order, what, when, h.seq, Hex(h.seq, seq_field->size),
                                h.seq_swapped),
            .fix = PackAdvice(f)};
  if (body > f.payload_max)
    return {.code = transport::Codes::kPayloadTooBig,
            .cause = check::Say("{}'s {} {} carries {} bytes of payload; a packet carries at "
                                "most {}.",
                                program, what, when, body, f.payload_max),
            .fix = fmt::format("Cut the file into payloads of {} bytes (the last one shorter).",
                               f.payload_max)};
  if (h.length_wrong)
    return {.code = transport::Codes::kBadPacket,
            .cause = check::Say("{}'s {} {} says len {}, but {} bytes follow its header.", program,
                                what, when, h.len, body),
            .fix =
                "Set len to the payload's length in bytes, and send the header and the "
                "payload in one datagram."};
  if (h.checksum_wrong) {
    std::string why = h.checksum_zero ? "its checksum field is 0: it was never computed"
                      : h.checksum_swapped
                          ? fmt::format(
                                "its checksum is right but its {} bytes are {}: it "
                                "was written in the machine's byte order",
                                ChecksumSize(f.checksum) == 2 ? "two" : "four",
                                ChecksumSize(f.checksum) == 2 ? "swapped" : "reversed")
                      : h.checksum_header_only  ? "its checksum covers the header alone"
                      : h.checksum_payload_only ? "its checksum covers the payload alone"
                                                : "its checksum does not verify";
    const bool big = f.byte_order == ByteOrder::kBig;
    std::string fix =
        h.checksum_swapped
            ? fmt::format("Write the checksum {} like every field ({}).",
                          big ? "big-endian" : "little-endian", PackChecksumInWords(f))
        : h.checksum_zero
            ? fmt::format(
                  "Compute {} of the whole packet with the field 0, then write it into "
                  "the field.",
                  ChecksumInWords(f))
            : fmt::format(
                  "Compute {} over the whole packet, header and payload, with the "
                  "checksum field 0{}.",
                  ChecksumInWords(f),
                  f.checksum == ChecksumKind::kInternet
                      ? "; an odd length is summed as if one 0 byte followed"
                      : "");
    return {
        .code = check::Code::kBadChecksum,
        .cause = check::Say("{}'s {} {} has a wrong checksum: {}.", program, what, when, why),
        .evidence = "A receiver drops a packet whose checksum is wrong, as if it had been lost.",
        .fix = std::move(fix)};
  }
  return check::Finding::Ok();
}

}  // namespace netgrade::transport
