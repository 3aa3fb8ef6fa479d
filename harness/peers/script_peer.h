// The reference peer of a case that has a script (spec::Case::script): it plays the steps
// one after the other on the case's event loop, with named connections open at once, as
// client (connect) or as server (accept, answer), over TCP or UDP. A step that waits (expect,
// answer, accept, until) ends when its condition is met, or fails when the student's program
// is seen at rest without meeting it, or with the case (its deadline): script_failure() then
// says which step, and the judge words it (check/script_checks.h). Steps on the case itself
// (stop/start the student's program, its standard input) go through a CaseControl.
#pragma once

#include <memory>
#include <optional>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/base/thresholds.h"
#include "harness/peers/case_control.h"
#include "harness/peers/peer.h"
#include "harness/spec/spec.h"

namespace netgrade::peers {

struct ScriptPeerOptions {
  // Active: the student's program listens and the peer connects to `address`. Passive: the
  // peer listens on `address` (port 0: any; the port it got is kept for `start: peer`).
  bool active = true;
  Address address;
  Thresholds thresholds;  // the run's, scaled (rest_for, patience, multiplier)
  // May be null when the script has no step on the case (stop student, stdin, ...).
  CaseControl* control = nullptr;
  // Whether the student's program is at rest: every thread blocked with no timeout of its
  // own (observe::Resting), so that nothing but input can wake it. Empty when it cannot be
  // seen (a proxy between them): a waiting step then fails only with the case.
  WaitingProbe resting;
  // Active TCP: the sockets it is asleep reading, so that a server blocked in recv() on one
  // client while another's line waits unread is seen doing so (kOneClientAtATime). Empty:
  // not seen (a proxy between them), and never claimed.
  ReadingProbe reading;
  // Whether its rest is certain (run::RestingCall: also nothing to read where it waits, and
  // nothing it wrote still held by its kernel): a waiting step then decides at once, instead
  // of after rest_for of `resting`. Empty: rest_for decides.
  WaitingProbe resting_surely;
  // Active, in a case where the peer plays both sides of a program in the middle
  // (spec::PlaysBothSides): the peer also listens here, for the connections the program
  // opens (`accept`, `no_connection`); its port is `{origin_port}` in the script's texts.
  std::optional<Address> own_server;
};

// *bound (when not null) receives the address a passive peer listens on.
std::unique_ptr<Peer> MakeScriptPeer(EventLoop& loop, const spec::Spec& spec,
                                     const spec::Case& test, const ScriptPeerOptions& options,
                                     Address* bound = nullptr);

}  // namespace netgrade::peers
