// A send of the program that never reached the reference peer (stray_sends.h watches for
// them), as plain data for the checks.
#pragma once

#include <cstdint>
#include <string>

#include "harness/observe/socket_info.h"

namespace netgrade::observe {

struct StraySend {
  SocketProto proto = SocketProto::kUdp;
  std::string to_address;  // where it went: "127.0.0.1"
  uint16_t to_port = 0;    // where nothing listened
  uint16_t from_port = 0;  // the sender's own port
  // UDP: what the datagram carried, as far as the ICMP error quotes it (Linux quotes up to
  // 576 bytes of packet); not part of the identity of a stray send.
  std::string payload;

  bool operator==(const StraySend& o) const {
    return proto == o.proto && to_address == o.to_address && to_port == o.to_port &&
           from_port == o.from_port;
  }
};

}  // namespace netgrade::observe
