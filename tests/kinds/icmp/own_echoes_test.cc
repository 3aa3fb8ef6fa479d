// How many echo requests a host's own kernel answered, or dropped for a wrong checksum
// (kinds/icmp/own_echoes.h): read from /proc/net/snmp's Icmp lines, in a namespace of its own.
#include "harness/kinds/icmp/own_echoes.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "harness/base/fd.h"

namespace netgrade::icmp {
namespace {

TEST(IcmpCounter, ReadsTheNamedCounterOfTheIcmpLines) {
  const std::string snmp =
      "Ip: Forwarding DefaultTTL\nIp: 1 64\n"
      "Icmp: InMsgs InErrors InCsumErrors InDestUnreachs InEchos InEchoReps\n"
      "Icmp: 9 0 0 1 4 3\n"
      "IcmpMsg: InType0 OutType8\nIcmpMsg: 3 3\n";
  EXPECT_EQ(IcmpCounter(snmp, "InEchos"), 4u);
  EXPECT_EQ(IcmpCounter(snmp, "InEchoReps"), 3u);
  EXPECT_EQ(IcmpCounter(snmp, "OutEchos"), std::nullopt);
  EXPECT_EQ(IcmpCounter("", "InEchos"), std::nullopt);
}

TEST(ReadOwnHostIcmp, CountsThePingsOfItsOwnLoopbackInItsNamespaceAlone) {
  std::string why;
  std::unique_ptr<sandbox::NetNamespace> ns = sandbox::NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  EXPECT_EQ(ReadOwnHostIcmp(*ns).echoes_answered, 0u);
  {
    sandbox::NetNamespace::Scope in(ns.get());
    Fd s(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP));
    if (!s) GTEST_SKIP() << "no raw socket here";
    timeval bound{2, 0};  // a bound on failure, not a wait
    ::setsockopt(s.get(), SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
    // An echo request (type 8, checksum of the 8 bytes) to 127.0.0.1, and its reply read.
    unsigned char m[8] = {8, 0, 0, 0, 0x12, 0x34, 0, 1};
    uint32_t sum = 0;
    for (int i = 0; i < 8; i += 2) sum += static_cast<uint32_t>(m[i] << 8 | m[i + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    uint16_t check = static_cast<uint16_t>(~sum);
    m[2] = static_cast<unsigned char>(check >> 8);
    m[3] = static_cast<unsigned char>(check & 0xff);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::sendto(s.get(), m, sizeof m, 0, reinterpret_cast<sockaddr*>(&to), sizeof to), 8);
    char reply[128];
    // The request comes back first (a raw socket sees it on loopback), then the reply.
    for (int i = 0; i < 2; ++i) ASSERT_GT(::recv(s.get(), reply, sizeof reply, 0), 0);
  }
  EXPECT_EQ(ReadOwnHostIcmp(*ns).echoes_answered, 1u);
  EXPECT_EQ(ReadOwnHostIcmp(*ns).bad_checksums, 0u);
}

// A request to its own host whose checksum is wrong: dropped by its own kernel, unanswered,
// and counted as a checksum error. A right one follows: loopback keeps their order, so its
// reply says the kernel is done with both.
TEST(ReadOwnHostIcmp, CountsARequestToItsOwnHostWithAWrongChecksum) {
  std::string why;
  std::unique_ptr<sandbox::NetNamespace> ns = sandbox::NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  {
    sandbox::NetNamespace::Scope in(ns.get());
    Fd s(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP));
    if (!s) GTEST_SKIP() << "no raw socket here";
    timeval bound{2, 0};  // a bound on failure, not a wait
    ::setsockopt(s.get(), SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    unsigned char bad[8] = {8, 0, 0x12, 0x34, 0x12, 0x34, 0, 1};  // checksum 0x1234: wrong
    ASSERT_EQ(::sendto(s.get(), bad, 8, 0, reinterpret_cast<sockaddr*>(&to), sizeof to), 8);
    // 8 0 | 0 0 | 12 34 | 00 02: the sum of its words is 0x1a36, its checksum ~0x1a36.
    unsigned char good[8] = {8, 0, 0xe5, 0xc9, 0x12, 0x34, 0, 2};
    ASSERT_EQ(::sendto(s.get(), good, 8, 0, reinterpret_cast<sockaddr*>(&to), sizeof to), 8);
    unsigned char seen[128];
    // Both requests come back to a raw socket on loopback, then the reply (type 0) to the
    // right one.
    for (int read = 0;; ++read) {
      ASSERT_LT(read, 3) << "no echo reply to the right request";
      ssize_t n = ::recv(s.get(), seen, sizeof seen, 0);
      ASSERT_GT(n, 20);
      if (seen[(seen[0] & 0x0f) * 4] == 0) break;
    }
  }
  OwnHostIcmp own = ReadOwnHostIcmp(*ns);
  EXPECT_EQ(own.bad_checksums, 1u);
  EXPECT_EQ(own.echoes_answered, 1u);
  EXPECT_TRUE(own.any());
}

}  // namespace
}  // namespace netgrade::icmp
