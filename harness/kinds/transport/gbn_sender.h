// netgrade's own Go-Back-N sender, which plays against a student's receiver (labs/reliable-
// transfer.md): DATA 0..n-1 of payload_max bytes (the last shorter; an empty file takes none),
// at most `window` unacknowledged, a fixed timeout that resends every unacknowledged packet,
// then FIN(seq = n) until ACK(n + 1), at most kMaxFins times. With `packet: {acks: selective}`
// each ACK acknowledges the one packet it names, and a timeout resends only the packets in the
// window not acknowledged (selective repeat with one timer). Deterministic given the events:
// time is passed in, datagrams come out; the caller sends them and calls OnTimer at NextTimer.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "harness/kinds/transport/packet_format.h"

namespace netgrade::transport {

class GbnSender {
 public:
  static constexpr size_t kMaxFins = 10;

  // `window` at least 1 (0 is taken as 1).
  GbnSender(PacketFormat format, std::vector<uint8_t> file, size_t window,
            std::chrono::microseconds timeout);

  using Datagrams = std::vector<std::vector<uint8_t>>;
  // The first window (or the FIN of an empty file); the timer starts.
  Datagrams Start(std::chrono::microseconds now);
  // An ACK moving the window sends what it opens and restarts the timer; a duplicate ACK does
  // nothing; an invalid datagram or one of another type counts in bad_acks().
  Datagrams OnDatagram(std::span<const uint8_t> datagram, std::chrono::microseconds now);
  // Call at NextTimer(); a no-op if early. Resends every unacknowledged DATA, or the FIN.
  Datagrams OnTimer(std::chrono::microseconds now);
  std::optional<std::chrono::microseconds> NextTimer() const;  // nullopt before Start, when done

  // The FIN acknowledged, or kMaxFins FINs sent and the last one's timeout gone by.
  bool done() const { return done_; }
  bool fin_acked() const { return fin_acked_; }
  size_t fins_sent() const { return fins_sent_; }
  size_t packets() const { return packets_; }    // DATA packets the file takes
  uint64_t acked() const { return acked_; }      // highest cumulative ACK seen (n + 1: the FIN's)
  size_t bad_acks() const { return bad_acks_; }  // wrong checksum/length/type

 private:
  std::vector<uint8_t> Data(uint64_t seq) const;
  std::vector<uint8_t> Fin();
  // DATA from next_ up to the window's end.
  void Fill(Datagrams* out);

  PacketFormat format_;
  std::vector<uint8_t> file_;
  size_t window_;
  std::chrono::microseconds timeout_;
  size_t packets_;
  uint64_t base_ = 0;  // lowest unacknowledged DATA
  uint64_t next_ = 0;  // next DATA never sent
  uint64_t acked_ = 0;
  std::set<uint64_t> acked_one_;  // selective ACKs: acknowledged past the base
  std::optional<std::chrono::microseconds> timer_;
  bool started_ = false, done_ = false, fin_acked_ = false;
  size_t fins_sent_ = 0;
  size_t bad_acks_ = 0;
};

}  // namespace netgrade::transport
