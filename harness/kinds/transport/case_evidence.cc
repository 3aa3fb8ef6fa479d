// A transport case's evidence for the judge, and the link's own figures for the report.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "harness/kinds/transport/evidence.h"
#include "harness/kinds/transport/flight.h"
#include "harness/kinds/transport/traffic.h"
#include "harness/kinds/transport/transport_case.h"

namespace netgrade::transport {
namespace {

bool SameBytes(const std::vector<uint8_t>& got, const std::string& file) {
  return got.size() == file.size() &&
         std::equal(got.begin(), got.end(), file.begin(),
                    [](uint8_t a, char b) { return a == static_cast<uint8_t>(b); });
}

}  // namespace

std::shared_ptr<const observe::KindEvidence> TransportKindCase::Evidence(
    kinds::CaseHost& host) const {
  auto e = std::make_shared<transport::Evidence>();
  const Copy& first = copies_[0];
  e->records = &first.records;
  e->unrecorded = first.unrecorded;
  e->format = format_;
  e->student_sends = student_sends_;
  e->file_name = file_name_;
  e->file = &file_;
  e->window = window_;
  if (first.receiver) {
    const std::vector<uint8_t>& got = first.receiver->file();
    e->received_bytes = got.size();
    e->received_file_right = SameBytes(got, file_);
    e->fin_taken = first.receiver->finished();
    e->expected = first.receiver->expected();
    e->fin_taken_at = first.fin_taken_at;
    e->waited_for_cpu = Micros{std::max<int64_t>(0, waited_to_fin_ns_) / 1000};
    e->gave_up_at = gave_up_at_;
    e->progress = &first.progress;
  }
  if (const Copy* two = second()) {
    SecondCopy& c = e->second.emplace();
    c.started = two->started;
    c.started_at = two->started_at;
    c.records = &two->records;
    c.progress = &two->progress;
    const std::vector<uint8_t>& got = two->receiver->file();
    c.received_bytes = got.size();
    c.received_file_right = SameBytes(got, file_);
    c.fin_taken = two->receiver->finished();
    c.fin_taken_at = two->fin_taken_at;
    if (std::optional<kinds::CopyEnd> end = host.CopyEnded()) {
      c.ended = true;
      c.status = end->status;
      c.signal = end->signal;
      c.stderr_tail = end->stderr_tail;
    }
  }
  if (tcp_) {
    TcpBeside& t = e->tcp.emplace();
    t.connected = tcp_->connected();
    t.congestion_control = tcp_->congestion_control();
    t.progress = &tcp_->progress();
    t.bytes = tcp_->bytes_read();
    t.packets = tcp_->packets();
    t.dropped = tcp_->dropped();
  }
  e->socket_drops = socket_drops_;
  if (sender_) {
    e->fins_sent = sender_->fins_sent();
    e->fin_acked = sender_->fin_acked();
  }
  if (peer_program_) {
    const spec::PeerProgram& peer = *host.test().peer_program;
    e->peer_program = fmt::format("the instructor's {} ({}/)", peer.role, peer.written);
    e->peer_failed = PeerFailed();
    if (!e->peer_failed.empty()) e->peer_stderr = host.PeerProgramStderr();
  }
  e->base_rtt_ms = base_rtt_ms_;
  e->out_rate_bps = out_rate_bps_;
  e->queue_full_ms = queue_full_ms_;
  e->timers_late_ms = most_lag_.count() / 1000.0;
  return e;
}

void TransportKindCase::LinkFigures(check::CaseResult* r) const {
  // The rate the link delivered the program's datagrams at, by the clock (from the first
  // delivery to the last, the bytes after the first), and how late its timers fired.
  const Micros span = last_delivery_ - first_delivery_;
  // A receiving program sends ACKs alone that way: no rate of theirs says what the link does.
  if (student_sends_ && out_rate_bps_ > 0 && span >= std::chrono::milliseconds(20) &&
      delivered_bytes_ > 0)
    r->figures.push_back(
        {.name = "link delivered",
         .value = std::round(delivered_bytes_ * 8 / (span.count() / 1e6) / 1e4) / 100,
         .unit = "Mbit/s",
         .words = fmt::format("its rate {} {:g} Mbit/s", rate_falls_ ? "falls to" : "is",
                              out_rate_bps_ / 1e6)});
  r->figures.push_back({.name = "timers late",
                        .value = std::round(most_lag_.count() / 10.0) / 100,
                        .unit = "ms at most",
                        .words = ""});
}

}  // namespace netgrade::transport
