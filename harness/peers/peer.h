// The reference peer of a case behind one face, whatever its protocol and side: the case
// runner starts it, asks whether it is done and reads its log.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/base/thresholds.h"
#include "harness/peers/admission.h"
#include "harness/peers/case_control.h"
#include "harness/peers/peer_log.h"
#include "harness/peers/script_failure.h"
#include "harness/spec/spec.h"

namespace netgrade::peers {

class Peer {
 public:
  virtual ~Peer() = default;
  // The active side (a client or sender) starts its plan; the passive side is already listening.
  virtual void Start() {}
  // Active: its plan is played out. Passive: every connection it accepted is closed (TCP),
  // always true for UDP.
  virtual bool done() const = 0;
  virtual const std::vector<peers::ConnectionLog>& log() const = 0;
  // Where it stood, for an explanation after a timeout.
  virtual std::string Describe() const = 0;
  // Stops listening / closes everything.
  virtual void Close() {}
  // Passive peers also watch the same port in the other protocol: a student program that
  // used TCP for a UDP exercise (or the reverse) shows up there.
  virtual bool other_protocol_seen() const { return false; }
  // Peer as TCP server in a conversation: the first line the client sent before the answer
  // to the line before it came back ({before, line}).
  virtual std::optional<std::pair<std::string, std::string>> sent_ahead() const {
    return std::nullopt;
  }
  // Peer as TCP server: an open connection ends in bytes without a newline.
  virtual bool unterminated_pending() const { return false; }
  // TCP reference server: answer what came without its newline (spec: answers_without_newline).
  virtual void AnswerUnterminated() {}
  // A case with a script: the step that failed, or the one still waiting when the case ended
  // (its condition unmet); null while it plays, once it has played to its end, and without a
  // script.
  virtual const ScriptFailure* script_failure() const { return nullptr; }
  // Peer as TCP server: connections reset at once, past kMostConnections.
  virtual size_t refused_connections() const { return 0; }
  // Who it takes traffic from (admission.h); nullptr for a peer that cannot be reached but
  // through the proxy (a TCP client: the program accepts what comes).
  virtual Admission* admission() { return nullptr; }
  // A reference sender that resends until acknowledged (peer.await): the most times one of
  // its messages went again while nothing at all had come back on its flow.
  virtual int unanswered_resends() const { return 0; }
  // The verdict is decided: a reference sender sends nothing more (UdpClientPeer::Hush).
  virtual void Hush() {}
  // A reference sender asks `decided` before each resend and sends nothing more once it is
  // true (UdpClientPeer::HoldResendsWhen).
  virtual void HoldResendsWhen(std::function<bool()> decided) { (void)decided; }
};

// Whether the student's program is seen waiting (see waiting.h); empty when it cannot be
// observed from the peer's side (a proxy stands between them).
using WaitingProbe = std::function<bool()>;
// The inodes of the sockets the student's program is asleep reading (read()/recv() on one
// socket: observe/blocked_reading.h); empty when none, or when it cannot be seen.
using ReadingProbe = std::function<std::vector<uint64_t>()>;

// Listens on a port in the other protocol than the exercise's and notes any contact: a
// student program that used TCP for a UDP exercise (or the reverse) shows up there. Best
// effort: the port may be taken in that protocol.
class Decoy {
 public:
  Decoy(EventLoop& loop, const Address& at, bool tcp);
  ~Decoy() { Close(); }
  Decoy(const Decoy&) = delete;
  Decoy& operator=(const Decoy&) = delete;
  void Close();
  bool seen() const { return seen_; }

 private:
  EventLoop& loop_;
  Fd fd_;
  bool seen_ = false;
};

// The peer that connects to a listening student program at `target`. `thresholds`: the
// run's, scaled by its multiplier (the TCP peers' patience and linger). A case with a script
// gets the script peer (script_peer.h): `control` plays its steps on the case (may be null
// when it has none), `student_resting` tells when a waiting step has waited in vain
// (ScriptPeerOptions::resting), `student_reading` which client it is blocked on
// (ScriptPeerOptions::reading).
std::unique_ptr<Peer> MakeActivePeer(
    EventLoop& loop, const spec::Spec& spec, const spec::Case& test, const Address& target,
    WaitingProbe student_waiting = {}, const Thresholds& thresholds = {},
    CaseControl* control = nullptr, WaitingProbe student_resting = {},
    ReadingProbe student_reading = {}, WaitingProbe student_resting_surely = {},
    std::optional<Address> own_server = std::nullopt);
// The peer a connecting student program talks to, listening on `address` (port 0: any);
// *bound receives the address it got.
std::unique_ptr<Peer> MakePassivePeer(EventLoop& loop, const spec::Spec& spec,
                                      const spec::Case& test, const Address& address,
                                      Address* bound, WaitingProbe student_waiting = {},
                                      const Thresholds& thresholds = {},
                                      CaseControl* control = nullptr,
                                      WaitingProbe student_resting = {},
                                      WaitingProbe student_resting_surely = {});

}  // namespace netgrade::peers
