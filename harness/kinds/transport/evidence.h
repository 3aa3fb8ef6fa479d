// What a transport case observed, for its checks (traffic.cc): the observation's evidence of
// this kind (observe::Observation::kind). Plain data: pointers into the case, which outlives
// every judgment of it, and copies of its peer's last state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/kinds/transport/packet_format.h"
#include "harness/kinds/transport/record.h"
#include "harness/observe/observation.h"

namespace netgrade::transport {

// The bytes netgrade's receiver had taken in order by `at` (since the case's start).
struct Progress {
  Micros at{0};
  size_t bytes = 0;
};

// The second copy of the sender (transfer: {copies: 2}): its transfer, as the first's below.
struct SecondCopy {
  bool started = false;
  Micros started_at{-1};
  const std::vector<PacketRecord>* records = nullptr;
  const std::vector<Progress>* progress = nullptr;
  size_t received_bytes = 0;
  bool received_file_right = false;
  bool fin_taken = false;
  Micros fin_taken_at{-1};
  // How it ended (it must exit as the first does); not ended: still running when judged.
  bool ended = false;
  int status = 0, signal = 0;
  std::string stderr_tail;
};

// A kernel TCP flow beside the sender (transfer: {beside: tcp}; kernel_flow.h).
struct TcpBeside {
  bool connected = false;                           // its handshake crossed the link
  std::string congestion_control;                   // the kernel's name for it: "cubic"
  const std::vector<Progress>* progress = nullptr;  // what its receiver read by when
  size_t bytes = 0;
  size_t packets = 0, dropped = 0;  // its packets offered to the link, and dropped by it
};

struct Evidence : observe::KindEvidence {
  const std::vector<PacketRecord>* records = nullptr;
  size_t unrecorded = 0;  // datagrams past the record's bound, counted only
  PacketFormat format;
  // The student's program sends (netgrade's receiver plays against it), or receives.
  bool student_sends = true;
  std::string file_name;              // the transfer's file
  const std::string* file = nullptr;  // its bytes
  size_t window = 0;                  // the sender's window (the program's, or netgrade's)
  // netgrade's receiver (the program sends): what it took, and whether the FIN came.
  size_t received_bytes = 0;
  bool received_file_right = false;
  bool fin_taken = false;
  uint64_t expected = 0;  // the DATA packet it waits for
  Micros fin_taken_at{-1};
  // How long the program or netgrade waited for a CPU (the longer of their run delays) from the
  // program's first packet to the FIN: a loaded machine's time, which the goodput does not count.
  Micros waited_for_cpu{0};
  // When netgrade stopped waiting for the FIN because the goodput the case asks could no longer
  // be reached (traffic.h's GoodputDeadline); -1: it did not.
  Micros gave_up_at{-1};
  // The first copy's progress, and the second copy where the case runs two.
  const std::vector<Progress>* progress = nullptr;
  std::optional<SecondCopy> second;
  std::optional<TcpBeside> tcp;
  // The program receives: datagrams the kernel dropped at its socket, its receive buffer full
  // (the program read too slowly, or waited for a CPU): the link gave them, the program never
  // had them. Read from the socket table while it ran.
  size_t socket_drops = 0;
  // The instructor's program played the peer (spec::PeerProgram): "the instructor's receiver
  // (instructor/)"; "" when netgrade's own did. `peer_failed`: how it ended, when it ended with
  // a failure while the case ran ("exited with status 1"), with its last lines on stderr.
  std::string peer_program;
  std::string peer_failed;
  std::string peer_stderr;
  // netgrade's sender (the program receives): its FINs and whether one was acknowledged.
  size_t fins_sent = 0;
  bool fin_acked = false;
  // The link, for the figures the judgments compare with: its round trip with no queue, and
  // the rate of its bottleneck from the program, its lowest where a change lowers it (0: none).
  double base_rtt_ms = 0;
  double out_rate_bps = 0;
  // What the queue from the program adds to the round trip when full, at its lowest rate (0:
  // no bound or no rate).
  double queue_full_ms = 0;
  // How late the link's timers fired at most: how long netgrade itself was held up (a machine
  // too busy to run it, a grader stopped). The times the program was judged by are netgrade's.
  double timers_late_ms = 0;
};

}  // namespace netgrade::transport
