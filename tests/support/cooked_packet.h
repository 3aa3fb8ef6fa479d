// Packets as libpcap's "any" interface gives them (LINKTYPE_LINUX_SLL), made by hand for the
// tests of what reads or writes them.
#pragma once

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace netgrade::testing_support {

// A UDP datagram from 127.0.0.1:src to 127.0.0.1:dst seen on loopback: the cooked header,
// IPv4 (checksum 0, which Wireshark does not check by default), UDP, the payload.
inline std::string CookedUdp(uint16_t src, uint16_t dst, const std::string& payload) {
  std::string p(16, '\0');
  p[2] = 0x03, p[3] = 0x04;    // ARPHRD_LOOPBACK (772)
  p[14] = 0x08, p[15] = 0x00;  // IPv4
  std::string ip(20, '\0');
  ip[0] = 0x45;
  uint16_t total = htons(static_cast<uint16_t>(20 + 8 + payload.size()));
  std::memcpy(&ip[2], &total, 2);
  ip[8] = 64, ip[9] = 17;  // TTL, UDP
  ip[12] = 127, ip[15] = 1, ip[16] = 127, ip[19] = 1;
  std::string udp(8, '\0');
  uint16_t s = htons(src), d = htons(dst), len = htons(static_cast<uint16_t>(8 + payload.size()));
  std::memcpy(&udp[0], &s, 2);
  std::memcpy(&udp[2], &d, 2);
  std::memcpy(&udp[4], &len, 2);
  return p + ip + udp + payload;
}

}  // namespace netgrade::testing_support
