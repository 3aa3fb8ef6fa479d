// An instructor's program as a transport case's peer (transfer: {peer: {folder: DIR}}), end to
// end: it plays against the student's program across the link, the case is judged on what
// crossed as against netgrade's own peer, and a failure of the instructor's program is the
// grader's problem, never the student's.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "harness/kinds/transport/codes.h"
#include "harness/kinds/transport/spec_parts.h"
#include "harness/run/case_runner.h"
#include "harness/run/peer_programs.h"
#include "harness/sandbox/netns.h"
#include "tests/kinds/transport/transport_lab.h"
#include "tests/support/program_case.h"

namespace netgrade::transport {
namespace {

namespace fs = std::filesystem;
using testing_support::ProgramDir;
using testing_support::RunCaseOn;

// A lab whose cases play the instructor's programs in `dir`'s folder "instructor": its
// receiver against a sender (case 0; case 2 with a kernel TCP flow beside them), its sender
// against a receiver (case 1).
spec::Spec PeerLab(const fs::path& dir) {
  const std::string yaml = R"(exercise: rt
protocol: transport
packet:
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
  - name: against-instructor
    role: sender
    timeout: 10s
    transfer: {file: data.bin, window: 8, peer: {folder: instructor}}
    link: {rate: 10Mbit, delay: 10ms, out: {lose: [3]}}
    expect: {delivered: true, well_formed: true, in_flight: {at_most: 8, reaching: 8}, exit_status: 0}
  - name: receive-from-instructor
    role: receiver
    timeout: 10s
    transfer:
      file: theirs.bin
      peer: {folder: instructor, argv: ["{host}", "{port}", "theirs.bin", "4"]}
    link: {delay: 5ms, back: {lose: [2]}}
    expect:
      files: [{path: out.bin, same_as: theirs.bin}]
      acks: cumulative
      exit_status: 0
  - name: beside-tcp-against-instructor
    role: sender
    timeout: 20s
    transfer: {file: data.bin, window: 8, beside: tcp, peer: {folder: instructor}}
    link: {rate: 2Mbit, delay: 10ms, queue_bytes: 20000}
    expect: {delivered: true, share: {at_least: 1%, at_most: 99%}, exit_status: 0}
)";
  return WithData(yaml, (dir / "rt.yaml").string());
}

// A lab folder holding the instructor's `role`.py of `code`; the spec's file is beside it.
fs::path LabWith(const std::string& role, const std::string& code) {
  fs::path lab = ProgramDir("lab", "README", "a lab kept outside the repository\n");
  fs::create_directory(lab / "instructor");
  std::ofstream(lab / "instructor" / (role + ".py")) << code;
  fs::permissions(lab, fs::perms::all);
  fs::permissions(lab / "instructor", fs::perms::all);
  return lab;
}

// The run options that play `lab`'s instructor's program of `role` in case `c`.
run::RunOptions PeerOf(const spec::Spec& s, size_t c, const fs::path& lab) {
  const spec::PeerProgram& peer = *s.cases[c].peer_program;
  EXPECT_EQ(run::PutPeerProgramFiles(s, peer, peer.folder), "");
  run::RunOptions options;
  auto program = plan::FindProgram(lab / "instructor", *s.FindRole(peer.role), {});
  EXPECT_TRUE(program.has_value());
  options.peer_program =
      run::RunOptions::PeerProgramRun{.program = *program, .workdir = peer.folder};
  return options;
}

TEST(PeerProgram, TheInstructorsReceiverAnswersTheSenderAndTheCaseIsJudgedOnWhatCrossed) {
  const fs::path lab = LabWith("receiver", Read("reference/reliable-transfer/python/receiver.py"));
  spec::Spec s = PeerLab(lab);
  ASSERT_TRUE(s.cases[0].peer_program.has_value());
  EXPECT_EQ(s.cases[0].peer_program->role, "receiver");
  check::CaseResult r =
      RunCaseOn(s, 0, Sender("reference/reliable-transfer/python/sender.py"), PeerOf(s, 0, lab));
  EXPECT_TRUE(r.passed()) << r.message;
  // The ACKs that crossed back were the instructor's receiver's: it wrote the file.
  std::ifstream written(lab / "instructor" / "out.bin");
  std::string got((std::istreambuf_iterator<char>(written)), std::istreambuf_iterator<char>());
  EXPECT_EQ(got, Data());
  bool said = false;
  for (const std::string& n : r.notes)
    said = said || n.find("The instructor's receiver (instructor/) played against") == 0;
  EXPECT_TRUE(said) << "a note says whose receiver played";
}

// The kernel's TCP flow crosses the same link: the sender's share is read from what reached
// the instructor's receiver, and both flows got some of it.
TEST(PeerProgram, AKernelTcpFlowSharesTheLinkWithTheSenderAndTheInstructorsReceiver) {
  if (!sandbox::NetNamespace::Available()) GTEST_SKIP() << "the TCP flow needs namespaces";
  const fs::path lab = LabWith("receiver", Read("reference/reliable-transfer/python/receiver.py"));
  spec::Spec s = PeerLab(lab);
  check::CaseResult r =
      RunCaseOn(s, 2, Sender("reference/reliable-transfer/python/sender.py"), PeerOf(s, 2, lab));
  EXPECT_TRUE(r.passed()) << r.message;
  std::ifstream written(lab / "instructor" / "out.bin");
  std::string got((std::istreambuf_iterator<char>(written)), std::istreambuf_iterator<char>());
  EXPECT_EQ(got, Data()) << "the instructor's receiver wrote the file";
  const check::Figure* share = nullptr;
  for (const check::Figure& f : r.figures)
    if (f.name == "share beside TCP") share = &f;
  ASSERT_NE(share, nullptr) << "the sender's share beside TCP is measured";
  EXPECT_GT(share->value, 0);
  EXPECT_LT(share->value, 100);
}

TEST(PeerProgram, AStopAndWaitSenderIsNamedAgainstTheInstructorsReceiverAsAgainstNetgrades) {
  const fs::path lab = LabWith("receiver", Read("reference/reliable-transfer/python/receiver.py"));
  spec::Spec s = PeerLab(lab);
  check::CaseResult r =
      RunCaseOn(s, 0, Sender("tests/submissions/reliable-transfer/sender-stop-and-wait/sender.py"),
                PeerOf(s, 0, lab));
  EXPECT_EQ(r.code, transport::Codes::kStopAndWait) << r.message;
}

// A sender with no timeout of its own waits, still, for the instructor's receiver's ACK: the
// case is not settled while that receiver still works on the packet it was given (here it
// takes 300 ms over its first ACK), however still the sender is; it ends once the file is
// through. (Before, the sender at rest ended the case in the receiver's pause: not_delivered.)
TEST(PeerProgram, ASenderWaitingForASlowInstructorsReceiverIsNotAtRestWhileTheReceiverWorks) {
  std::string slow = Read("reference/reliable-transfer/python/receiver.py");
  const std::string ack = "        sock.sendto(make_packet(ACK, expected), sender)\n";
  const size_t at = slow.find(ack);
  ASSERT_NE(at, std::string::npos);
  slow.insert(at,
              "        if expected == 1 and not slowed:\n"
              "            slowed = True\n"
              "            end = time.monotonic() + 0.3\n"
              "            while time.monotonic() < end:\n"
              "                pass  # works on its first ACK\n");
  slow.insert(slow.find("while True:"), "slowed = False\n");
  const fs::path lab = LabWith("receiver", slow);
  spec::Spec s = PeerLab(lab);
  EditCase(s.cases[0])->link->out.lose.clear();  // nothing lost: no timeout is ever needed
  check::CaseResult r =
      RunCaseOn(s, 0, Sender("tests/submissions/reliable-transfer/sender-no-timeout/sender.py"),
                PeerOf(s, 0, lab));
  EXPECT_TRUE(r.passed()) << r.message;
}

// An instructor's receiver that waits with a timer of its own keeps the case from rest, to its
// timeout; a sender stalled with no timeout after a loss is still told so there (no_resend),
// not only that the file did not come.
TEST(PeerProgram, ASenderStalledBesideAnInstructorsReceiverWithATimerIsToldItHasNoTimeout) {
  std::string ticking = Read("reference/reliable-transfer/python/receiver.py");
  const std::string wait = "while True:\n    data, sender = sock.recvfrom(2048)\n";
  ASSERT_NE(ticking.find(wait), std::string::npos);
  ticking.replace(ticking.find(wait), wait.size(),
                  "sock.settimeout(0.1)\n"
                  "while True:\n"
                  "    try:\n"
                  "        data, sender = sock.recvfrom(2048)\n"
                  "    except socket.timeout:\n"
                  "        continue  # a timer of its own: it wakes every 100 ms\n");
  const fs::path lab = LabWith("receiver", ticking);
  spec::Spec s = PeerLab(lab);
  s.cases[0].timeout_ms = 2000;
  check::CaseResult r =
      RunCaseOn(s, 0, Sender("tests/submissions/reliable-transfer/sender-no-timeout/sender.py"),
                PeerOf(s, 0, lab));
  EXPECT_EQ(r.code, transport::Codes::kNoResend) << r.message;
  EXPECT_NE(r.message.find("with no timeout"), std::string::npos) << r.message;
}

TEST(PeerProgram, AnInstructorsReceiverThatCrashesIsTheGradersProblemNotTheStudents) {
  const fs::path lab = LabWith("receiver", R"(import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", int(sys.argv[1])))
s.recvfrom(2048)
sys.stderr.write("Traceback: the instructor's receiver broke on its first packet\n")
sys.exit(1)
)");
  spec::Spec s = PeerLab(lab);
  check::CaseResult r =
      RunCaseOn(s, 0, Sender("reference/reliable-transfer/python/sender.py"), PeerOf(s, 0, lab));
  EXPECT_EQ(r.code, check::Code::kGraderProblem) << r.message;
  EXPECT_EQ(r.verdict, check::Verdict::kGraderError);
  EXPECT_NE(r.cause.find("exited with status 1"), std::string::npos) << r.cause;
  EXPECT_NE(r.evidence.find("broke on its first packet"), std::string::npos) << r.evidence;
}

// The case cannot run: the runner's caller makes the message the case's ERROR (run/
// case_in_copy.cc), as it does every failure of the grader's in one case.
TEST(PeerProgram, AnInstructorsReceiverThatNeverBindsStopsTheCaseAsTheGradersProblem) {
  const fs::path lab = LabWith("receiver", "import sys\nsys.exit(2)\n");
  spec::Spec s = PeerLab(lab);
  try {
    RunCaseOn(s, 0, Sender("reference/reliable-transfer/python/sender.py"), PeerOf(s, 0, lab));
    ADD_FAILURE() << "the case ran without its peer";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "the instructor's receiver (instructor/), which plays this case's peer, did "
                  "not start: it ended before it was bound"),
              std::string::npos)
        << e.what();
  }
}

TEST(PeerProgram, TheInstructorsSenderSendsItsFileToTheReceiverAcrossTheLink) {
  const fs::path lab = LabWith("sender", Read("reference/reliable-transfer/python/sender.py"));
  spec::Spec s = PeerLab(lab);
  ASSERT_TRUE(s.cases[1].peer_program.has_value());
  EXPECT_EQ(s.cases[1].peer_program->role, "sender");
  fs::path dir =
      ProgramDir("receiver", "receiver.py", Read("reference/reliable-transfer/python/receiver.py"));
  fs::permissions(dir, fs::perms::all);
  check::CaseResult r = RunCaseOn(s, 1, dir, PeerOf(s, 1, lab));
  EXPECT_TRUE(r.passed()) << r.message;
  // It was the instructor's sender's file (held by the peer), and every ACK crossed back.
  bool acked = false;
  for (const std::string& line : r.transcript)
    acked = acked || line.find("ACK") != std::string::npos;
  EXPECT_TRUE(acked);
}

TEST(PeerProgram, AReceiverThatWritesNothingFailsAgainstTheInstructorsSender) {
  const fs::path lab = LabWith("sender", Read("reference/reliable-transfer/python/sender.py"));
  spec::Spec s = PeerLab(lab);
  fs::path dir = ProgramDir("receiver", "receiver.py", R"(import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", int(sys.argv[1])))
while True:
    s.recvfrom(2048)
)");
  fs::permissions(dir, fs::perms::all);
  check::CaseResult r = RunCaseOn(s, 1, dir, PeerOf(s, 1, lab));
  EXPECT_EQ(r.code, check::Code::kNoAnswer) << r.message;
  // Settled once the instructor's sender had sent a packet five times more, not at the 10 s
  // timeout (its timeout is 200 ms).
  EXPECT_LT(r.wall_ms, 5000);
}

}  // namespace
}  // namespace netgrade::transport

namespace netgrade::transport {
namespace {

// A sender that sends past its window and forges the ACKs that would excuse it, to every UDP
// socket its network's socket table shows (netgrade's socket facing the instructor's receiver
// among them): taken for the receiver's, they would come back in half a round trip and halve
// what it is counted to have in flight. Only the instructor's program is heard there, and the
// window it broke is named.
TEST(PeerProgram, AckForgedToTheSocketFacingTheInstructorsProgramIsNotHeard) {
  const fs::path lab = LabWith("receiver", Read("reference/reliable-transfer/python/receiver.py"));
  spec::Spec s = PeerLab(lab);
  const std::string forger = R"(import socket, struct, sys, time
def packet(kind, seq, payload=b""):
    def csum(b):
        if len(b) % 2: b += b"\0"
        t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
        while t >> 16: t = (t & 0xffff) + (t >> 16)
        return ~t & 0xffff
    p = struct.pack("!BBHIH", kind, 0, 0, seq, len(payload)) + payload
    return p[:2] + struct.pack("!H", csum(p)) + p[4:]
host, port = sys.argv[1], int(sys.argv[2])
data = open(sys.argv[3], "rb").read()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", 0))
mine = s.getsockname()[1]
others = []
for line in open("/proc/net/udp").read().splitlines()[1:]:
    local = line.split()[1]
    ip, p = local.split(":")
    ip = socket.inet_ntoa(struct.pack("<I", int(ip, 16)))
    if int(p, 16) not in (mine, port):
        others.append((ip if ip != "0.0.0.0" else host, int(p, 16)))
n = (len(data) + 999) // 1000
for seq in range(n):  # a packet every 1.5 ms: 13 in flight when the first ACK can come back
    s.sendto(packet(0, seq, data[seq * 1000:(seq + 1) * 1000]), (host, port))
    for o in others:  # and its ACK, forged, to every other socket: back in half a round trip
        s.sendto(packet(1, seq + 1), o)
    time.sleep(0.0015)
s.settimeout(2)
s.sendto(packet(2, n), (host, port))
try:
    s.recv(2048)
except OSError:
    pass
)";
  check::CaseResult r = RunCaseOn(s, 0, SenderOf(forger), PeerOf(s, 0, lab));
  EXPECT_EQ(r.code, transport::Codes::kWindowExceeded) << r.message;
}

}  // namespace
}  // namespace netgrade::transport
