// A transport case end to end (kinds/transport/transport_case.h, run by the runner): the
// reference sender and receiver pass across the case's link, a seed loses the same packets
// on every run, and a stop-and-wait sender is named from what crossed.
#include "harness/kinds/transport/transport_case.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/kinds/transport/codes.h"
#include "harness/run/case_runner.h"
#include "harness/spec/load.h"
#include "tests/kinds/transport/case_spec.h"
#include "tests/kinds/transport/transport_lab.h"
#include "tests/support/program_case.h"

namespace netgrade::transport {
namespace {

using testing_support::ProgramDir;
using testing_support::RunCaseOn;
using testing_transport_case::Spec;

TEST(TransportCase, TheReferenceSenderPassesAndWhatCrossedIsTheLinksRecord) {
  spec::Spec s = Spec();
  check::CaseResult r = RunCaseOn(s, 0, Sender("reference/reliable-transfer/python/sender.py"));
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_EQ(r.crossed, "the link");
  bool first = false;
  for (const std::string& line : r.transcript)
    first = first || line.find("-> DATA seq=0 len=1000 [delivered at") != std::string::npos;
  EXPECT_TRUE(first) << "the transcript shows the first DATA packet and its fate";
  // 20 packets, WINDOW 8, a round trip of about 21 ms: three round trips and python's start.
  EXPECT_LT(r.wall_ms, 3000);
}

// The student's datagrams the link dropped, by their number.
std::set<int> Dropped(const check::CaseResult& r) {
  std::set<int> out;
  for (const check::TranscriptEvent& e : r.events)
    if (e.direction == "from_student" && e.action == "dropped" && e.index <= 20)
      out.insert(e.index);
  return out;
}

TEST(TransportCase, OneSeedLosesTheSamePacketsOnEveryRunAndAnotherSeedOthers) {
  spec::Spec s = Spec();
  std::filesystem::path dir = Sender("reference/reliable-transfer/python/sender.py");
  run::RunOptions seven;
  seven.seed = 7;
  check::CaseResult a = RunCaseOn(s, 1, dir, seven);
  check::CaseResult b = RunCaseOn(s, 1, dir, seven);
  run::RunOptions eight;
  eight.seed = 8;
  check::CaseResult c = RunCaseOn(s, 1, dir, eight);
  EXPECT_TRUE(a.passed()) << a.message;
  EXPECT_FALSE(Dropped(a).empty()) << "20% of the first 20 datagrams";
  EXPECT_EQ(Dropped(a), Dropped(b));
  EXPECT_NE(Dropped(a), Dropped(c));
}

TEST(TransportCase, AStopAndWaitSenderIsNamedFromWhatCrossed) {
  spec::Spec s = Spec();
  check::CaseResult r =
      RunCaseOn(s, 0, Sender("tests/submissions/reliable-transfer/sender-stop-and-wait/sender.py"));
  EXPECT_EQ(r.code, transport::Codes::kStopAndWait) << r.message;
}

// A case with goodput tiers: the reference sender passes with the points of the tier it
// reaches (with 30% of the packets lost each way, no sender gets 95% of what the window and
// the link allow), and a note says why.
TEST(TransportCase, APassingSenderGetsThePointsOfTheGoodputTierItReaches) {
  spec::Spec s = Spec();
  check::CaseResult r = RunCaseOn(s, 3, Sender("reference/reliable-transfer/python/sender.py"));
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_EQ(r.score, 1);
  EXPECT_EQ(r.max_score, 2);
  bool said = false;
  for (const std::string& n : r.notes) said = said || n.find("1 of 2 points") == 0;
  EXPECT_TRUE(said) << "a note says why it has 1 of 2 points";
}

// A lab whose packets carry a CRC-32 (packet: {checksum: crc32}) in 4 bytes after len.
spec::Spec Crc32Spec() {
  std::string yaml = R"(exercise: rt-crc
protocol: transport
packet:
  checksum: crc32
  fields:
    type: {offset: 0, size: 1}
    flags: {offset: 1, size: 1}
    seq: {offset: 4, size: 4}
    len: {offset: 8, size: 2}
    checksum: {offset: 10, size: 4}
  payload: {offset: 14, max: 1000}
roles:
  sender: {names: [sender], listens: false, argv: ["{host}", "{port}", "data.bin", "8"]}
files:
  - {path: data.bin, text: "DATA", roles: [sender]}
cases:
  - name: clean
    role: sender
    timeout: 10s
    transfer: {file: data.bin, window: 8}
    link: {rate: 10Mbit, delay: 10ms}
    expect: {delivered: true, well_formed: true, exit_status: 0}
)";
  return WithData(yaml, "rt-crc.yaml");
}

// A Go-Back-N sender of that lab, as a student writes it with zlib.crc32(), its CRC packed as
// `pack` says.
std::filesystem::path Crc32Sender(const std::string& pack) {
  std::string program = R"(import select, socket, struct, sys, zlib
host, port, name, window = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
data = open(name, "rb").read()
chunks = [data[i:i + 1000] for i in range(0, len(data), 1000)]
def packet(kind, seq, payload=b""):
    head = struct.pack("!BBHIH", kind, 0, 0, seq, len(payload))
    return head + struct.pack("PACK", zlib.crc32(head + bytes(4) + payload)) + payload
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
base = sent = 0
while base < len(chunks):
    while sent < len(chunks) and sent < base + window:
        s.sendto(packet(0, sent, chunks[sent]), (host, port))
        sent += 1
    if not select.select([s], [], [], 0.3)[0]:
        sent = base
        continue
    reply = s.recv(2048)
    if reply[0] == 1:
        base = max(base, struct.unpack("!I", reply[4:8])[0])
for _ in range(10):
    s.sendto(packet(2, len(chunks)), (host, port))
    if select.select([s], [], [], 0.3)[0]:
        reply = s.recv(2048)
        if reply[0] == 1 and struct.unpack("!I", reply[4:8])[0] == len(chunks) + 1:
            break
)";
  program.replace(program.find("PACK"), 4, pack);
  return SenderOf(program);
}

TEST(TransportCase, ALabWithACrc32ChecksumTakesZlibsAndNamesOneInTheWrongByteOrder) {
  spec::Spec s = Crc32Spec();
  check::CaseResult right = RunCaseOn(s, 0, Crc32Sender("!I"));
  EXPECT_TRUE(right.passed()) << right.message;
  check::CaseResult reversed = RunCaseOn(s, 0, Crc32Sender("<I"));
  EXPECT_EQ(reversed.code, check::Code::kBadChecksum) << reversed.message;
  // Phrases, not a golden block: the test's point is the byte order its name says is named,
  // and a case run end to end has the run's times in its words.
  EXPECT_NE(reversed.message.find("its four bytes are reversed"), std::string::npos)
      << reversed.message;
  EXPECT_NE(reversed.message.find("struct.pack(\"!I\") or htonl()"), std::string::npos)
      << reversed.message;
}

}  // namespace
}  // namespace netgrade::transport
