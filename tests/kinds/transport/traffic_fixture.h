// A transfer's record made by hand, judged as the judge judges a transport case
// (check/kind_checks.h): for the tests of the sender's and the receiver's checks.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "harness/check/decide.h"
#include "harness/check/judge.h"
#include "harness/kinds/transport/kind.h"

namespace netgrade::transport::testing_traffic {

using check::Code;
using check::Finding;

inline const PacketFormat kF = PacketFormat::ReliableTransfer();

inline Micros Ms(double ms) { return Micros(std::llround(ms * 1000)); }

// A file whose packets differ from one another.
inline std::string FileOf(size_t bytes) {
  std::string s(bytes, '\0');
  for (size_t i = 0; i < bytes; ++i) s[i] = static_cast<char>((i * 31 + i / 1000) & 0xff);
  return s;
}

inline std::vector<uint8_t> Packet(uint64_t type, uint64_t seq, std::string_view payload = {}) {
  std::vector<uint8_t> p(payload.begin(), payload.end());
  return Encode(kF, type, seq, p);
}

// A datagram read at `seen` ms, delivered at `delivered` (lost when negative), its header as
// the case decodes it.
inline PacketRecord Datagram(bool from_student, const std::vector<uint8_t>& bytes, double seen,
                             double delivered) {
  PacketRecord r;
  r.from_student = from_student;
  r.seen = Ms(seen);
  r.size = bytes.size();
  r.header = HeaderOf(Decode(kF, bytes));
  if (delivered < 0)
    r.fate = Fate::kLost;
  else
    r.delivered = Ms(delivered);
  return r;
}

// A sender's rounds of kRound ms: round k sends windows[k] new packets from k x kRound ms,
// 0.05 ms apart; each is acknowledged (seq + 1) `acked_after` ms after it left (kRound: the
// next round's packets go out as the ACKs come; less: each round's are all acknowledged before
// the next). The first packet of each round in `lossy` is lost on the link.
inline constexpr double kRound = 100;
inline std::vector<PacketRecord> Rounds(const std::vector<size_t>& windows,
                                        const std::vector<size_t>& lossy,
                                        double acked_after = kRound) {
  std::vector<PacketRecord> out;
  uint64_t seq = 0;
  for (size_t k = 0; k < windows.size(); ++k)
    for (size_t i = 0; i < windows[k]; ++i, ++seq) {
      const double t = kRound * static_cast<double>(k) + 0.05 * static_cast<double>(i);
      const bool lost = i == 0 && std::find(lossy.begin(), lossy.end(), k) != lossy.end();
      out.push_back(
          Datagram(true, Packet(kF.type_data, seq, "x"), t, lost ? -1 : t + acked_after / 2));
      out.push_back(
          Datagram(false, Packet(kF.type_ack, seq + 1), t + acked_after / 2, t + acked_after));
    }
  std::stable_sort(out.begin(), out.end(),
                   [](const PacketRecord& a, const PacketRecord& b) { return a.seen < b.seen; });
  return out;
}

// One case of reliable-transfer: the spec, the case's evidence and the observation the judge
// reads. Each link direction takes 50 ms.
class Transfer {
 public:
  Transfer(bool student_sends, size_t file_bytes, size_t window) : file_(FileOf(file_bytes)) {
    spec::Role sender;
    sender.name = "sender";
    sender.names = {"sender"};
    sender.listens = false;
    spec::Role receiver;
    receiver.name = "receiver";
    receiver.names = {"receiver"};
    receiver.listens = true;
    spec_.exercise = "reliable-transfer";
    spec_.protocol = spec::Protocol::kTransport;
    spec_.roles = {sender, receiver};
    spec::Case c;
    c.name = student_sends ? "sender-case" : "receiver-case";
    c.role = student_sends ? "sender" : "receiver";
    c.expect.exit_status = 0;
    EditExpect(c.expect);
    spec_.cases = {c};

    e_ = std::make_shared<Evidence>();
    e_->records = &records_;
    e_->format = kF;
    e_->student_sends = student_sends;
    e_->file_name = student_sends ? "photo.bin" : "incoming.bin";
    e_->file = &file_;
    e_->window = window;
    e_->base_rtt_ms = 100;
    e_->out_rate_bps = 1e7;

    obs_.spec = &spec_;
    obs_.test = &spec_.cases[0];
    obs_.role = &spec_.roles[student_sends ? 0 : 1];
    obs_.port = 6000;
    obs_.ready = !student_sends;
    obs_.program.display_name = student_sends ? "sender.py" : "receiver.py";
    obs_.program.exited = true;
    obs_.program.status = 0;
    obs_.kind = e_;
  }
  Transfer(const Transfer&) = delete;

  spec::TransportExpect& expect() { return *EditExpect(spec_.cases[0].expect); }
  spec::Case& test() { return spec_.cases[0]; }
  Evidence& evidence() { return *e_; }
  observe::Observation& obs() { return obs_; }
  std::vector<PacketRecord>& records() { return records_; }
  const std::string& file() const { return file_; }
  uint64_t packets() const { return (file_.size() + 999) / 1000; }
  std::string_view Payload(uint64_t seq) const {
    return std::string_view(file_).substr(seq * 1000, 1000);
  }

  // ---- a student's sender ----
  // Its datagram read at `t` ms; netgrade's receiver gets it 50 ms later (or never).
  void Sent(const std::vector<uint8_t>& bytes, double t, bool lost = false) {
    records_.push_back(Datagram(true, bytes, t, lost ? -1 : t + 50));
  }
  void Data(uint64_t seq, double t, bool lost = false) {
    Sent(Packet(kF.type_data, seq, Payload(seq)), t, lost);
  }
  void Fin(double t) { Sent(Packet(kF.type_fin, packets()), t); }
  // netgrade's ACK made at `t` ms, delivered to the program 50 ms later.
  void AckTo(uint64_t seq, double t) {
    records_.push_back(Datagram(false, Packet(kF.type_ack, seq), t, t + 50));
  }
  // netgrade's receiver has the file and the FIN, since `t` ms.
  void Delivered(double t) {
    e_->fin_taken = true;
    e_->received_file_right = true;
    e_->received_bytes = file_.size();
    e_->expected = packets();
    e_->fin_taken_at = Ms(t);
  }

  // ---- a student's receiver ----
  // netgrade's DATA `seq`, delivered to the program at `t` ms (and a copy with it).
  void Given(uint64_t seq, double t, bool duplicated = false) {
    records_.push_back(Datagram(false, Packet(kF.type_data, seq, Payload(seq)), t - 50, t));
    records_.back().duplicated = duplicated;
  }
  void GivenFin(double t) {
    records_.push_back(Datagram(false, Packet(kF.type_fin, packets()), t - 50, t));
  }
  // The program's ACK read at `t` ms.
  void AckFrom(uint64_t seq, double t) {
    records_.push_back(Datagram(true, Packet(kF.type_ack, seq), t, t + 50));
  }
  void Wrote(const std::string& bytes) {
    observe::WrittenFile w;
    w.path = "out.bin";
    w.exists = true;
    w.size = bytes.size();
    w.bytes = bytes;
    obs_.written_files = {w};
    obs_.files_looked = true;
  }

  // A right Go-Back-N sender's transfer over the clean link: `window` packets at once, one
  // more as each ACK reaches it, then the FIN.
  void GoBackN(size_t window) {
    const uint64_t n = packets();
    std::vector<double> send(n);
    for (uint64_t j = 0; j < n; ++j) {
      send[j] = j < window ? 0.1 * static_cast<double>(j) : send[j - window] + 100;
      Data(j, send[j]);
      AckTo(j + 1, send[j] + 50);
    }
    const double fin = send[n - 1] + 100;
    Fin(fin);
    AckTo(n + 1, fin + 50);
    Delivered(fin + 50);
    Sort();
  }

  // The record in the order the link saw it (by `seen`), as a case keeps it.
  void Sort() {
    std::stable_sort(records_.begin(), records_.end(),
                     [](const PacketRecord& a, const PacketRecord& b) { return a.seen < b.seen; });
  }

  Finding Judge() { return check::Judge(obs_, Kind().checks); }
  // The verdict at the case's end, as the runner asks it (the spec's hints told).
  Finding Decide() { return check::Decide(obs_, check::Phase::kEnded, Kind().checks).finding; }

 private:
  spec::Spec spec_;
  std::string file_;
  std::vector<PacketRecord> records_;
  std::shared_ptr<Evidence> e_;
  observe::Observation obs_;
};

// `text` holds `phrase`, told in the failure with the whole of it.
inline ::testing::AssertionResult Says(const std::string& text, const std::string& phrase) {
  if (text.find(phrase) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "no \"" << phrase << "\" in: " << text;
}

// The sender-clean-link case's expectations.
inline void ExpectClean(spec::TransportExpect& x, int window) {
  x.delivered = true;
  x.well_formed = true;
  x.in_flight_at_most = window;
  x.in_flight_reaching = window;
  x.resend_not_before_ms = 100;
  x.resends_per_timeout = window;
}

}  // namespace netgrade::transport::testing_traffic
