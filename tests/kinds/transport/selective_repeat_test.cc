// A selective-repeat lab (packet: {acks: selective}) end to end: netgrade's own receiver
// acknowledges each packet by its own seq, a right selective-repeat sender keeps WINDOW in
// flight and never more (counted one ACK at a time), a sender that resends the whole window
// as Go-Back-N does is named, and a student's selective receiver passes against netgrade's
// sender while a cumulative one is told what its ACK should have named. The programs are in
// fixtures/selective/ (written to the contract by an instructor from the docs alone).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "harness/kinds/transport/codes.h"
#include "harness/run/case_runner.h"
#include "tests/kinds/transport/transport_lab.h"
#include "tests/support/program_case.h"

namespace netgrade::transport {
namespace {

using testing_support::ProgramDir;
using testing_support::RunCaseOn;

spec::Spec SelectiveLab() {
  const std::string yaml = R"(exercise: sr
protocol: transport
packet:
  acks: selective
  fields:
    type: {offset: 0, size: 1}
    flags: {offset: 1, size: 1}
    checksum: {offset: 2, size: 2}
    seq: {offset: 4, size: 4}
    len: {offset: 8, size: 2}
roles:
  sender: {names: [sender], listens: false, argv: ["{host}", "{port}", "data.bin", "8"]}
  receiver: {names: [receiver], listens: true, argv: ["{port}", "out.bin"]}
files:
  - {path: data.bin, text: "DATA", roles: [sender]}
  - {path: theirs.bin, text: "DATA", held_by: peer}
cases:
  - name: clean
    role: sender
    timeout: 10s
    transfer: {file: data.bin, window: 8}
    link: {rate: 10Mbit, delay: 10ms}
    expect: {delivered: true, in_flight: {at_most: 8, reaching: 8}, exit_status: 0}
  - name: lossy
    role: sender
    timeout: 15s
    transfer: {file: data.bin, window: 8}
    link: {delay: 10ms, out: {lose: [3, 20]}}
    expect:
      delivered: true
      in_flight: {at_most: 8}
      resends: {not_before: 100ms}
      exit_status: 0
  - name: receive
    role: receiver
    timeout: 10s
    transfer: {file: theirs.bin, window: 4}
    link: {delay: 5ms, out: {lose: [2]}, back: {lose: [3]}}
    expect:
      files: [{path: out.bin, same_as: theirs.bin}]
      acks: selective
      exit_status: 0
)";
  return WithData(yaml, "sr.yaml");
}

std::string Fixture(const std::string& name) {
  return Read("tests/kinds/transport/fixtures/selective/" + name);
}

TEST(SelectiveRepeat, ARightSenderKeepsWindowInFlightCountedOneAckAtATime) {
  spec::Spec s = SelectiveLab();
  // Read as cumulative, its ACKs leave packets counted in flight that are not: it would have
  // "9 packets unacknowledged; WINDOW was 8" (the instructor's first draft).
  for (size_t c : {0, 1}) {
    check::CaseResult r = RunCaseOn(s, c, SenderOf(Fixture("sender.py")));
    EXPECT_TRUE(r.passed()) << s.cases[c].name << ": " << r.message;
  }
}

TEST(SelectiveRepeat, ASenderThatResendsTheWholeWindowIsNamedGoBackN) {
  spec::Spec s = SelectiveLab();
  check::CaseResult r = RunCaseOn(s, 1, SenderOf(Fixture("gbn_sender.py")));
  EXPECT_EQ(r.code, transport::Codes::kNeedlessResend) << r.message;
  // A phrase, not a golden block: the test's point is the name it says (needless_resend alone
  // does not say Go-Back-N), and a case run end to end has the run's times in its words.
  EXPECT_NE(r.evidence.find("Go-Back-N's way"), std::string::npos) << r.evidence;
}

// A sender that keeps at most WINDOW packets unacknowledged but lets its window run past the
// oldest one (the instructor's second trial: it was told needless_resend, in Go-Back-N's words,
// for a resend of the lost packet): its window is exceeded.
TEST(SelectiveRepeat, ASenderWhoseWindowRunsPastItsOldestUnacknowledgedPacketExceedsIt) {
  spec::Spec s = SelectiveLab();
  std::string code = Fixture("sender.py");
  const std::string window_rule = "while next_seq < n and next_seq < base + window:";
  ASSERT_NE(code.find(window_rule), std::string::npos);
  code.replace(code.find(window_rule), window_rule.size(),
               "while next_seq < n and len(deadline) < window:");
  check::CaseResult r = RunCaseOn(s, 1, SenderOf(code));
  EXPECT_EQ(r.code, transport::Codes::kWindowExceeded) << r.message;
}

TEST(SelectiveRepeat, ASelectiveReceiverPassesAgainstNetgradesSelectiveSender) {
  spec::Spec s = SelectiveLab();
  std::filesystem::path dir = ProgramDir("receiver", "receiver.py", Fixture("receiver.py"));
  std::filesystem::permissions(dir, std::filesystem::perms::all);
  check::CaseResult r = RunCaseOn(s, 2, dir);
  EXPECT_TRUE(r.passed()) << r.message;
}

TEST(SelectiveRepeat, ACumulativeReceiverIsToldItsAckIsTheNextPacketNotTheOneThatCame) {
  spec::Spec s = SelectiveLab();
  std::filesystem::path dir =
      ProgramDir("receiver", "receiver.py", Read("reference/reliable-transfer/python/receiver.py"));
  std::filesystem::permissions(dir, std::filesystem::perms::all);
  check::CaseResult r = RunCaseOn(s, 2, dir);
  EXPECT_EQ(r.code, transport::Codes::kWrongAck) << r.message;
  // A phrase, not a golden block: the test's point is what its name says it is told, and a
  // case run end to end has the run's times in its words.
  EXPECT_NE(r.cause.find("a cumulative ACK, where each ACK names the packet it acknowledges"),
            std::string::npos)
      << r.cause;
}

}  // namespace
}  // namespace netgrade::transport
