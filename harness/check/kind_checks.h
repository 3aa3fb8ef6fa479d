// What a lab kind judges itself (kinds/kind.h's Kind::checks), called by check::Judge in the
// order judge.cc gives: the kind's traffic against the case's expectations, and what explains
// wrong traffic better. The rest of the judge (how the program ran, what it printed, what it
// wrote, how it ended) is every kind's.
//
// TCP and UDP labs meet netgrade's reference peers and its proxy: their checks read the peer's
// log and the proxy's (kinds/sockets/socket_checks.h). A kind with a wire of its own reads the
// evidence it put in the observation (observe::Observation::kind); a crash explains its wrong
// content first (crash_or_content.h's CrashThen).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

struct PartialCredit {
  int points = 0;
  std::string words;  // "2 of 3 points: a goodput of 76% reaches the 75% tier; 90% gets 3"
};

// What the content checks found (judge.cc's JudgeContent), for a kind to explain.
struct Content {
  Finding finding;
  // The spec's own checks (stdout rules, query ids) failed: they say what they expected, and
  // the advice for a capitalize client that does not resend a lost line does not fit them.
  bool own_check = false;
  // Nothing reached the peer because it all went to another port: that is the thing to fix.
  bool went_elsewhere = false;
};

struct KindChecks {
  // What the shared checks say of its sockets, and the properties of its traffic they read
  // (socket_terms.h): Judge passes them to every check that words or splits its traffic.
  SocketTerms terms;
  // What the program wrote in its folder is judged before its traffic (TCP and UDP: a file
  // receiver's file is what its case is for); false: after it (a kind's own wire explains
  // what the program wrote: a transport receiver that took a corrupted packet).
  bool files_first = false;
  // After the files and before the traffic: a finding that makes the traffic's moot. Optional.
  std::function<Finding(const observe::Observation&)> before_traffic;
  // What the program sent, against the case's expectations: Ok when right.
  std::function<Finding(const observe::Observation&)> traffic;
  // Wrong content (the traffic's, what it printed, the spec's own checks), explained better
  // where a cause is known: the finding to tell, or Ok when nothing explains it better.
  std::function<Finding(const observe::Observation&, const Content&)> explain;
  // A failure its content has shown in full, which the program's exit would not explain
  // better (a UDP client that sent everything elsewhere): the runner need not wait for the
  // exit. Optional.
  std::function<bool(const observe::Observation&)> shown_in_full;
  // A passing case's points where the case gives partial credit by a figure of the kind's
  // (a transport sender's goodput tiers), with the sentence that says why; nullopt: all of
  // them. Optional.
  std::function<std::optional<PartialCredit>(const observe::Observation&)> points;
  // What the case's notes (check/notes.h's Notes) add of the kind's own, after every kind's:
  // a habit of its programs to warn of whatever the verdict (`verdict`: the case's code, kNone
  // when it passed; a UDP server that draws random numbers and passed). Optional.
  std::function<std::vector<std::string>(const observe::Observation&, Code verdict)> notes;
};

}  // namespace netgrade::check
