// The TCP and UDP labs' checks (socket_checks.h): the program meets netgrade's reference peer,
// through its proxy.
#include "harness/kinds/sockets/socket_checks.h"

#include "harness/check/advice.h"
#include "harness/check/causes.h"
#include "harness/check/crash_or_content.h"
#include "harness/check/program.h"
#include "harness/check/received.h"
#include "harness/check/spec_hints.h"
#include "harness/check/wrong_port.h"
#include "harness/kinds/sockets/answers.h"
#include "harness/kinds/sockets/lost_datagrams.h"
#include "harness/kinds/sockets/random_drop.h"
#include "harness/kinds/sockets/terms.h"

namespace netgrade::sockets {

using namespace check;  // the checks every kind shares, which these build on
namespace {

// It sent a line without its newline and now waits for the answer (the case ended early), or
// it sent before it was asked.
Finding BeforeTraffic(const observe::Observation& obs, const SocketTerms& terms) {
  if (obs.waits_after_unterminated && CrashOf(obs, terms).ok())
    if (Finding nl = CheckUnterminatedSend(obs, terms); !nl.ok()) return nl;
  return CheckSentAhead(obs);
}

// What the reference peer heard: a server's answers, or what a client sent.
Finding Traffic(const observe::Observation& obs, const SocketTerms& terms) {
  const spec::Expect& e = obs.test->expect;
  return obs.role->listens ? WithCheckHint(CheckReplies(obs, terms), e, "replies")
                           : WithLinesHint(CheckReceived(obs, terms), e, "received");
}

// Wrong content, or what explains it better: a loss in the network, dropping on purpose, a
// line without its newline, a crash, a server that stopped.
Finding Explain(const observe::Observation& obs, const Content& c, const SocketTerms& terms) {
  const Finding& content = c.finding;
  if (Finding f = ExplainByLostDatagrams(obs, content, c.own_check, terms); !f.ok()) return f;
  if (content.code == Code::kOneRecvPerMessage) return content;  // the root cause of a crash too
  // Answers missing from a UDP server that read the datagrams: dropped on purpose?
  if (content.code == Code::kMissingMessage || content.code == Code::kNoOutput)
    if (Finding r = CheckDropsAtRandom(obs, RandomCallInSource(obs.program.program_path)); !r.ok())
      return r;
  // A line the server never saw the end of explains a missing answer (and the crash of a
  // client whose recv() timed out waiting for it).
  if (content.code != Code::kRunTogether)
    if (Finding nl = CheckUnterminatedSend(obs, terms); !nl.ok()) return nl;
  if (Finding crash = CrashOverContent(obs, content, c.went_elsewhere, terms); !crash.ok())
    return crash;
  if (obs.test->expect.exit == spec::ExitRule::kRunning)
    if (Finding stop = CheckExitRule(spec::ExitRule::kRunning, obs.program, terms,
                                     InputUseOf(*obs.test, obs.program.program_path),
                                     TracebackContextOf(obs, terms));
        !stop.ok())
      return WithCheckHint(stop, obs.test->expect, "exit");
  return Finding::Ok();
}

// A UDP client that sent everything elsewhere has shown why it fails (UDP's checks alone: a
// refused TCP client is let end, for a C client writes on, dies of SIGPIPE and says "connect
// error" on stdout, so that what its diagnosis quotes does not turn on how fast the grader
// settled).
bool SentAllElsewhere(const observe::Observation& obs) { return !CheckStraySends(obs).ok(); }

// The checks above, in the words of `terms` (TCP's or UDP's, which outlive them).
KindChecks SocketChecks(const SocketTerms& terms) {
  return KindChecks{
      .terms = terms,
      .files_first = true,
      .before_traffic = [&terms](const observe::Observation& o) { return BeforeTraffic(o, terms); },
      .traffic = [&terms](const observe::Observation& o) { return Traffic(o, terms); },
      .explain = [&terms](const observe::Observation& o,
                          const Content& c) { return Explain(o, c, terms); },
      .shown_in_full = nullptr,
      .points = nullptr,
      .notes = nullptr,
  };
}

}  // namespace

const KindChecks& TcpChecks() {
  static const KindChecks kTcp = SocketChecks(TcpTerms());
  return kTcp;
}

const KindChecks& UdpChecks() {
  static const KindChecks kUdp = [] {
    KindChecks udp = SocketChecks(UdpTerms());
    udp.shown_in_full = SentAllElsewhere;
    udp.notes = RandomDrawNotes;
    return udp;
  }();
  return kUdp;
}

}  // namespace netgrade::sockets
