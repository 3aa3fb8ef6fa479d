#include "harness/base/pcapng.h"

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

#include "tests/support/cooked_packet.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tshark.h"

namespace netgrade {
namespace {

using testing_support::CookedUdp;
using testing_support::Tshark;
using testing_support::UniqueTempDir;
using testing_support::Wireshark;

std::string WriteFile(const UniqueTempDir& dir, const std::string& bytes) {
  std::string path = (dir.path() / "case.pcapng").string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(Pcapng, TsharkReadsEveryPacketWithItsTimeAddressesAndComment) {
  UniqueTempDir dir("pcapng");
  PcapngWriter w("netgrade test", "");
  uint32_t student = w.AddInterface(kLinktypeLinuxCooked, "student", 262144);
  // Nanoseconds that a microsecond writer would lose: 1.000000123 s after the epoch.
  std::string ping = CookedUdp(40000, 5000, "PING 1"), pong = CookedUdp(5000, 40000, "PONG");
  w.AddPacket(student, 1'000'000'123, ping, static_cast<uint32_t>(ping.size()),
              "from student #1: dropped (plan: #1)");
  w.AddPacket(student, 2'500'000'000, pong, static_cast<uint32_t>(pong.size()));
  std::string out =
      Tshark(WriteFile(dir, w.Bytes()),
             {"-T", "fields", "-E", "separator=|", "-e", "frame.time_epoch", "-e", "udp.srcport",
              "-e", "udp.dstport", "-e", "udp.payload", "-e", "frame.comment"});
  EXPECT_EQ(out,
            "1.000000123|40000|5000|50494e472031|from student #1: dropped (plan: #1)\n"
            "2.500000000|5000|40000|504f4e47|\n");
}

TEST(Pcapng, TheSectionCommentAndInterfaceNamesAreThere) {
  UniqueTempDir dir("pcapng");
  PcapngWriter w("netgrade test", "first");
  w.AddInterface(kLinktypeLinuxCooked, "student", 65535);
  w.AddInterface(kLinktypeLinuxCooked, "peer", 65535);
  w.SetComment("case udp-one, seed 7: cut at 16 MiB");
  std::string out = Wireshark("capinfos", WriteFile(dir, w.Bytes()), {});
  EXPECT_NE(out.find("case udp-one, seed 7: cut at 16 MiB"), std::string::npos) << out;
  EXPECT_EQ(out.find("first"), std::string::npos) << out;
  EXPECT_NE(out.find("Number of interfaces in file: 2"), std::string::npos) << out;
  EXPECT_NE(out.find("Name = student"), std::string::npos) << out;
  EXPECT_NE(out.find("Name = peer"), std::string::npos) << out;
}

TEST(Pcapng, PacketsOfOddLengthsAndACutPacketStayReadable) {
  UniqueTempDir dir("pcapng");
  PcapngWriter w("netgrade test", "");
  uint32_t i = w.AddInterface(kLinktypeLinuxCooked, "student", 64);
  std::string big = CookedUdp(1, 2, std::string(100, 'x'));
  // Kept: the first 64 bytes of 144, as a snaplen of 64 keeps them.
  w.AddPacket(i, 1, big.substr(0, 64), static_cast<uint32_t>(big.size()), "a comment, odd: 3");
  w.AddPacket(i, 2, CookedUdp(1, 2, "abc"), 16 + 20 + 8 + 3);
  size_t before = w.size();
  EXPECT_EQ(before % 4, 0u);
  std::string out =
      Tshark(WriteFile(dir, w.Bytes()), {"-T", "fields", "-e", "frame.len", "-e", "frame.cap_len"});
  EXPECT_EQ(out, "144\t64\n47\t47\n");
  EXPECT_EQ(w.Bytes().size(), before);
}

// size() is counted, not written: it must be what Bytes() writes, whatever the comments'
// lengths (padded to 4) and with no option at all.
TEST(Pcapng, SizeIsTheLengthOfTheFileWhateverTheComments) {
  for (const char* application : {"", "netgrade", "netgrade1"})
    for (size_t n = 0; n < 6; ++n) {
      PcapngWriter w(application, std::string(n, 'c'));
      EXPECT_EQ(w.size(), w.Bytes().size()) << application << " " << n;
      w.AddPacket(w.AddInterface(kLinktypeLinuxCooked, "x", 64), 1, "abc", 3, "d");
      w.SetComment(std::string(n + 1, 'e'));
      EXPECT_EQ(w.size(), w.Bytes().size()) << application << " " << n;
    }
}

TEST(Pcapng, APacketOnAnInterfaceNotAddedIsRefused) {
  PcapngWriter w("netgrade test", "");
  EXPECT_THROW(w.AddPacket(0, 1, "x", 1), std::invalid_argument);
}

}  // namespace
}  // namespace netgrade
