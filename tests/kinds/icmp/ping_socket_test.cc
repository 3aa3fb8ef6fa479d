// A ping socket in an ICMP program's own source (kinds/icmp/ping_socket.h), on folders made
// for each test: a reply sliced as a raw socket's, the line that opens it, and the traceback
// it ends in, named through the ICMP evidence for every crash the judge reads
// (check::ExplainTraceback with TracebackContextOf's kind).
#include "harness/kinds/icmp/ping_socket.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/check/traceback.h"
#include "harness/kinds/icmp/evidence.h"
#include "tests/support/temp_dir.h"

namespace netgrade::icmp {
namespace {
using observe::ProgramRun;

TEST(PingSocket, APingSocketsReplySlicedAt20) {
  testing_support::UniqueTempDir tmp("netgrade-source-ping-socket");
  ProgramRun run;
  run.program_path = (tmp.path() / "ICMPPinger.py").string();
  std::ofstream(run.program_path)
      << "icmp = getprotobyname(\"icmp\")\ns = socket(AF_INET, SOCK_DGRAM, icmp)\n"
         "h = packet[20:28]\n";
  EXPECT_TRUE(SlicesAPingSocketsReplyAt20(run));
  std::ofstream(run.program_path)
      << "icmp = getprotobyname(\"icmp\")\ns = socket(AF_INET, SOCK_RAW, icmp)\n"
         "h = packet[20:28]\n";
  EXPECT_FALSE(SlicesAPingSocketsReplyAt20(run)) << "a raw socket's reply has the IP header";
  std::ofstream(run.program_path)
      << "s = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)\nh = packet[0:8]\n";
  EXPECT_FALSE(SlicesAPingSocketsReplyAt20(run));
}

// A real traceroute opened a ping socket, its raw socket commented out: that line is named.
TEST(PingSocket, APingSocketLineWhereNoRawSocketIsOpened) {
  testing_support::UniqueTempDir tmp("netgrade-source-ping-line");
  ProgramRun run;
  run.program_path = (tmp.path() / "traceroute.py").string();
  std::ofstream(run.program_path) << "icmp = socket.getprotobyname(\"icmp\")\n"
                                     "#s = socket.socket(socket.AF_INET, socket.SOCK_RAW, icmp)\n"
                                     "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, icmp)\n";
  EXPECT_EQ(PingSocketLine(run), "traceroute.py, line 3");
  std::ofstream(run.program_path) << "s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)\n"
                                     "u = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)\n";
  EXPECT_EQ(PingSocketLine(run), "") << "a raw socket too: it may read the errors there";
  std::ofstream(run.program_path) << "u = socket(AF_INET, SOCK_DGRAM)\n";
  EXPECT_EQ(PingSocketLine(run), "") << "a UDP socket is no ping socket";
}

TEST(PingSocket, APingSocketsReplySlicedAsARawSocketsIsNamed) {
  const char* err =
      "Traceback (most recent call last):\n"
      "  File \"ICMPPinger.py\", line 51, in receiveOnePing\n"
      "    icmpType, code, mychecksum, packetID, sequence = struct.unpack(\"bbHHh\", "
      "recPacket[20:28])\n"
      "struct.error: unpack requires a buffer of 8 bytes\n";
  // Read as the judge reads an ICMP case's crash: with the case's evidence and the program.
  Evidence seen;
  ProgramRun run;
  check::TracebackContext context;
  context.kind = &seen;
  context.run = &run;
  check::Phrase why = check::ExplainTraceback(err, context);
  EXPECT_EQ(why.find("the reply was sliced at [20:28], past its end: a ping socket"), 0u) << why;
  EXPECT_EQ(why.shape(), why.text()) << "the kind's own words, with no value: their own shape";
  EXPECT_NE(why.find("Slice [0:8] on a ping socket"), std::string::npos) << why;
  EXPECT_EQ(check::ExplainTraceback(err), "") << "a habit of the ICMP labs' programs alone";
  // The same error elsewhere is not this one.
  EXPECT_EQ(ExplainPingSocketSlice("struct.error: unpack requires a buffer of 8 bytes",
                                   "h = struct.unpack('bbHHh', data[0:8])", run),
            nullptr);
  // The slice on another line of a program whose sources open a ping socket.
  testing_support::UniqueTempDir tmp("netgrade-source-ping-slice");
  run.program_path = (tmp.path() / "ICMPPinger.py").string();
  std::ofstream(run.program_path)
      << "s = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)\nicmpHeader = recPacket[20:28]\n";
  EXPECT_NE(ExplainPingSocketSlice("struct.error: unpack requires a buffer of 8 bytes",
                                   "struct.unpack('bbHHh', icmpHeader)", run),
            nullptr);
}

}  // namespace
}  // namespace netgrade::icmp
