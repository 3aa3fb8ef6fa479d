// Everything the grader saw during one case, as plain data: the input of Judge(). Keeping
// it apart from the sockets and processes lets the verdict logic be tested on its own.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/base/thresholds.h"
#include "harness/observe/program_run.h"
#include "harness/observe/socket_info.h"
#include "harness/observe/stray_send.h"
#include "harness/peers/peer_log.h"
#include "harness/peers/script_failure.h"
#include "harness/spec/spec.h"

namespace netgrade::observe {

// A case's script stopped the program and started it again (spec::Step: stop student, start
// student, listening): how the last `listening` step after a start went.
struct Restart {
  int starts = 0;              // how many times it was started again
  bool not_listening = false;  // it had exited, or its bound passed, before it listened
  int within_ms = 0;           // that bound (scaled)
  bool exited = false;         // it had exited (else the bound passed)
  std::string address_in_use;  // the line of its stderr saying "Address already in use"
};

// A file a case expected the program to write (`expect: files`), as found in its folder.
struct WrittenFile {
  std::string path;
  bool exists = false;
  bool is_regular = true;  // a folder, a link or a socket at that path is no file
  size_t size = 0;         // its whole size
  std::string bytes;       // its bytes, up to the expected size and a little more
};

// What a lab kind of its own observed (harness/kinds/<kind>/evidence.h derives from it): plain
// data, as the rest of the observation; and the habits of the kind's programs that a traceback
// shows, which only the kind knows.
struct KindEvidence {
  virtual ~KindEvidence() = default;
  // A habit of the kind's own programs that their traceback shows, in words with the fix, or
  // nullptr when it is none (check::ExplainTraceback asks, after the habits of every kind's
  // programs). Words of the kind's own with no value in them, so that the class page groups
  // them as themselves: a literal. `last`: the traceback's last line; `code`: the student's
  // line it points at; `run`: the program, whose sources may be read (check/program_source.h).
  virtual const char* TracebackHabit(const std::string& /*last*/, const std::string& /*code*/,
                                     const ProgramRun& /*run*/) const {
    return nullptr;
  }
};

struct Observation {
  const spec::Spec* spec = nullptr;
  const spec::Case* test = nullptr;
  const spec::Role* role = nullptr;
  uint16_t port = 0;  // the port the program was told to use (or the fixed one)

  // A listening role: was it seen listening on `port`, and what else did it listen on.
  bool ready = false;
  std::vector<observe::SocketInfo> sockets;  // the program's sockets when readiness was decided
  // It listened (with the spec's protocol) on this other port instead: the case ran against
  // it, so the diagnosis can say how the rest behaved. 0: it listened on `port`, or nowhere.
  uint16_t listened_port = 0;

  // A client or sender: its datagrams or connections to ports where nothing listened
  // (observe/stray_sends.h), and whether such a send would have been seen at all (a raw
  // socket in the case's own namespace); where not, "it never sent" is not claimed.
  std::vector<observe::StraySend> stray_sends;
  bool sends_visible = false;
  // A listening role that also connects (a web proxy to its origin): where the case's own server
  // listens (0: none), and the program's connections refused elsewhere are in `stray_sends`.
  uint16_t own_server_port = 0;

  // What a lab kind of its own (harness/kinds/) observed on its own wire: its evidence, read by
  // its checks alone (check/kind_checks.h). Null for TCP and UDP, whose evidence is above.
  std::shared_ptr<const KindEvidence> kind;

  std::vector<peers::ConnectionLog> connections;  // the reference peer's, in order
  // A case with a script: the step that failed, or was still waiting when the case ended.
  std::optional<peers::ScriptFailure> script_failure;
  std::string peer_state;
  bool other_protocol_seen = false;
  // TCP connections the reference server or the proxy reset at once, past
  // peers::kMostConnections (a connect() in a loop).
  size_t refused_connections = 0;
  // Datagrams or connections that reached the reference peer without the case's proxy (the
  // program found the peer's own port): refused (peers/admission.h). The first one's source.
  size_t bypassed_proxy = 0;
  std::string bypassed_from;
  // UDP faults: the program sent nothing for stall_after after a datagram was dropped,
  // and where it was then blocked ("recvfrom", from /proc/<pid>/syscall) if known.
  bool stalled_after_drop = false;
  std::chrono::milliseconds stall_after =
      Thresholds{}.stall_after_drop;  // scaled: the judge says it
  std::string blocked_in;
  std::string dropped_what;        // "datagram #1 from the student"
  bool own_datagram_lost = false;  // what was lost was its own datagram: no answer was made
  // Not dropped by the plan: the datagram carrying this text was sent while the script had
  // stopped the reference server, and met its port closed ("" for the plan's drops).
  std::string lost_to_closed_port;
  bool waits_too_long =
      false;  // blocked with a timeout (poll/select, SO_RCVTIMEO), longer than allowed
  bool timeout_unseen = false;  // whether it was blocked with a timeout could not be seen
  // UDP faults, a client: lines whose datagram or answer was dropped and which it never sent
  // again (from the proxy's transcript, so also when nothing reached the peer).
  std::vector<std::string> dropped_not_resent;
  // TCP, a client in a conversation: it sent a line before the answer to the previous one
  // came back ({previous, line}).
  std::optional<std::pair<std::string, std::string>> sent_ahead;
  // TCP, a client: it was seen waiting (for an answer) after sending bytes without a newline.
  bool waits_after_unterminated = false;
  bool grader_loss = false;  // the kernel dropped datagrams on the proxy's sockets  // the program
                             // contacted the peer's port in the other protocol  // where the peer
                             // was when the case ended (for a timeout)

  // UDP through the proxy: bytes of the datagrams the proxy took from the program. A flood
  // overflows the proxy's buffers before it reaches the peer's cap (peers::kRecordBytes).
  size_t proxy_bytes_from_student = 0;

  // A busy loop: CPU time the program burnt while nothing happened (observe/busy.h), and the
  // largest share of a CPU it used so.
  double idle_cpu_ms = 0;
  double idle_cpu_share = 0;
  // `exit: running`: it had done its part and went on using the CPU without once waiting.
  bool spinning = false;

  bool timed_out = false;
  // The case ended because the program was at rest (blocked with no timer of its own, nothing
  // on its way to it) for at_rest_ms, in this call ("recvfrom", "accept"...); empty otherwise.
  std::string at_rest_in;
  double at_rest_ms = 0;
  int timeout_ms = 0;
  // How far the case's deadline moved for the machine's load (run/case_deadline.h).
  double load_extension_ms = 0;
  observe::ProgramRun program;
  Restart restart;
  std::string stdout_text;
  bool stdout_cut = false;
  // `expect: files`: what the program left in its folder at the end of the case, looked at
  // once its part was played (empty before: no verdict on files until then).
  std::vector<WrittenFile> written_files;
  bool files_looked = false;
  // Every file of its folder when it was looked at (relative paths, at most 64), for a file
  // written under another name.
  std::vector<std::string> folder_files;
};

}  // namespace netgrade::observe
