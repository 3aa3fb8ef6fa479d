// The durations that decide a verdict: how long the grader waits for something before it
// calls it missing. One place for them, so that NETGRADE_TIMEOUT_MULTIPLIER (a slow or loaded
// machine) stretches every one of them, not only each case's timeout, and tests can set them.
#pragma once

#include <chrono>

namespace netgrade {

struct Thresholds {
  using Ms = std::chrono::milliseconds;
  // A UDP client silent this long after a drop has stalled (observe/udp_stall.h).
  Ms stall_after_drop{1500};
  // The reference TCP server holds an answer until the client is seen waiting, at most this
  // long (a client that busy-polls; peers/tcp_server_peer.h).
  Ms patience{300};
  // The reference TCP client reads on this long after its last answer (peers/tcp_client_peer.h).
  Ms linger{250};
  // The TCP proxy waits at most this long for a receiver to read a slice (proxy/tcp_proxy.cc).
  Ms slice_wait_bound{200};
  // The UDP proxy holds a delayed datagram at most this long past its delay (proxy/udp_proxy.cc).
  Ms hold_bound{200};
  // A program failing, and not asked to exit at its timeout, may take this long to show its exit
  // (run/case_runner.cc).
  Ms exit_grace{300};
  // A client waiting this long on a line sent without its newline will wait forever.
  Ms unterminated_wait{200};
  // A script's step whose program has rested this long with its condition unmet has waited in
  // vain (peers/script_peer.h). A case itself ends as soon as its program's rest is decided
  // (run/rest_watch.h), with no such wait.
  Ms rest_for{300};
  // A program that has done its part (`exit: running`) and then used this much CPU time
  // without once waiting is spinning, not on its way out: it keeps running (run/case_runner.cc).
  Ms spin_cpu{200};
  // A case's script stops the student's program with SIGTERM, and with SIGKILL once this has
  // passed without its end (run/student_control.h).
  Ms stop_grace{500};

  // What Scaled() multiplied them by: a bound a spec writes itself (a script's `listening:
  // 1s`) is stretched alike.
  double multiplier = 1;

  // Every duration times `multiplier` (NETGRADE_TIMEOUT_MULTIPLIER), rounded to the
  // millisecond.
  Thresholds Scaled(double multiplier) const;
};

}  // namespace netgrade
