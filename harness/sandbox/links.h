// The links of a case's networks, as the kernel is asked for them (rtnetlink.h): veth pairs,
// addresses, routes and neighbours, for veth.h's two hosts, any_address.h's routes and
// router_path.h's path. Each acts in the calling thread's network namespace.
//
// Written on rtnetlink.h's ~70 lines rather than libmnl: the sandbox makes five fixed
// requests and reads one reply (a link's state), which libmnl would shorten by a few lines
// each while adding a shared library to every build, container image and the portable bundle.
#pragma once

#include <linux/rtnetlink.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "harness/base/fd.h"

namespace netgrade::sandbox::links {

using Mac = std::array<uint8_t, 6>;

// A veth pair: `name` here, `peer_name` in the namespace `peer_ns_fd` refers to. `index`: this
// end's interface index (the peer's is index + 1), 0 for the kernel's choice.
void CreateVeth(const char* name, const char* peer_name, int peer_ns_fd, int index = 0);

// A TUN device `name` (IP packets, no packet-information prefix) in the calling thread's
// namespace, and the descriptor that reads what the kernel routes into it and writes what the
// kernel should take from it, non-blocking. It carries nothing until it has an address and is
// up (AddAddress). Throws SystemError where /dev/net/tun is missing or the kernel refuses (no
// CAP_NET_ADMIN in the namespace's user namespace).
Fd CreateTun(const char* name);

// `address`/`prefix` on `ifname`, which is then brought up.
void AddAddress(const char* ifname, const std::string& address, int prefix);

struct Route {
  std::string dst = {};  // "" with prefix 0: every address
  int prefix = 32;
  const char* ifname = nullptr;  // out of it (nullptr: none, an unreachable route)
  std::string gateway = {};      // through it, when not empty
  unsigned char type = RTN_UNICAST;
  unsigned char table = RT_TABLE_MAIN;
  // nullopt: link scope for a unicast route without a gateway, else universe.
  std::optional<unsigned char> scope = std::nullopt;
};
void AddRoute(const Route& route);

// `address` is at `mac` beyond `ifname`, for good (NUD_PERMANENT): no ARP question is ever
// asked for it.
void AddNeighbour(const char* ifname, const std::string& address, const Mac& mac);

// The link-layer address of `ifname`.
Mac HardwareAddress(const char* ifname);

// Whether `ifname` carries frames: its operational state is up (IF_OPER_UP). Not
// IFF_RUNNING, which a new device has before the kernel's link events have given it a queue:
// until then what it sends is dropped.
bool OperationallyUp(const char* ifname);

}  // namespace netgrade::sandbox::links
