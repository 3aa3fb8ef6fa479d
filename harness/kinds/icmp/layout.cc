#include "harness/kinds/icmp/layout.h"

#include <fmt/core.h>

#include "harness/base/seed.h"

namespace netgrade::icmp {
namespace {

uint64_t Draw(uint64_t seed, std::string_view what, uint64_t k) {
  return SplitMix(SplitMix(seed ^ NameHash(what)) ^ k);
}

std::string Numbers(const std::vector<int>& list) {
  std::string out;
  for (int n : list) out += (out.empty() ? "" : ", ") + std::to_string(n);
  return out;
}

}  // namespace

icmp::PathLayout IcmpLayout(const spec::IcmpPath& path, uint64_t seed) {
  icmp::PathLayout layout;
  layout.student = "10.0.0.2";
  layout.routers.clear();
  if (!path.addresses.empty()) {
    layout.routers = path.addresses;
  } else {
    for (int k = 1; k <= path.routers; ++k)
      layout.routers.push_back(
          fmt::format("10.{}.{}.1", k, Draw(seed, "icmp-router", static_cast<uint64_t>(k)) % 256));
  }
  layout.destination =
      !path.destination.empty()
          ? path.destination
          : fmt::format("203.0.113.{}", 1 + Draw(seed, "icmp-destination", 0) % 254);
  layout.unreachable = path.unreachable;
  layout.any_destination = path.any_destination;
  return layout;
}

icmp::IcmpFaults IcmpFaultsOf(const spec::IcmpPath& path) {
  icmp::IcmpFaults f;
  f.lost = {path.lose.begin(), path.lose.end()};
  f.duplicated = {path.duplicate.begin(), path.duplicate.end()};
  f.late = {path.late.begin(), path.late.end()};
  f.other_identifier = {path.other_identifier.begin(), path.other_identifier.end()};
  f.delay_min_ms = path.delay_ms;
  f.delay_max_ms = path.delay_ms + path.jitter_ms;
  for (int hop : path.silent) f.silent_hops.insert(static_cast<size_t>(hop));
  if (path.hop_loss > 0)
    for (size_t h = 1; h <= static_cast<size_t>(path.routers); ++h) f.hop_loss[h] = path.hop_loss;
  f.unreachable = path.unreachable;
  return f;
}

std::vector<uint32_t> HopNumbers(const icmp::PathLayout& layout) {
  std::vector<uint32_t> hops;
  for (const std::string& r : layout.routers) {
    uint32_t a = 0;
    icmp::ParseAddress(r, &a);
    hops.push_back(a);
  }
  return hops;
}

std::string DescribeIcmpPath(const spec::IcmpPath& path, const icmp::PathLayout& layout,
                             const icmp::IcmpPlan&) {
  std::string routers;
  for (const std::string& r : layout.routers) routers += (routers.empty() ? "" : ", ") + r;
  std::string out = fmt::format("{} router{} ({}) to {}", layout.routers.size(),
                                layout.routers.size() == 1 ? "" : "s", routers, layout.destination);
  if (layout.any_destination) out += ", which answers every address";
  if (layout.unreachable) out += ", which the last router cannot reach (unreachable)";
  if (!path.silent.empty()) out += "; silent router(s) " + Numbers(path.silent);
  if (path.delay_ms > 0 || path.jitter_ms > 0)
    out += path.jitter_ms > 0 ? fmt::format("; answers delayed {}-{} ms", path.delay_ms,
                                            path.delay_ms + path.jitter_ms)
                              : fmt::format("; answers delayed {} ms", path.delay_ms);
  if (!path.lose.empty()) out += "; the answer to request(s) " + Numbers(path.lose) + " lost";
  if (!path.duplicate.empty())
    out += "; the answer to request(s) " + Numbers(path.duplicate) + " doubled";
  if (!path.late.empty())
    out += "; the answer to request(s) " + Numbers(path.late) + " late (after the next request)";
  if (!path.other_identifier.empty())
    out += "; another ping's reply before request(s) " + Numbers(path.other_identifier) + "'s";
  if (path.hop_loss > 0)
    out += fmt::format("; each router's errors lost at {:.0f}%", path.hop_loss * 100);
  return out;
}

std::string DescribePacket(const icmp::Packet& p) {
  std::string ends = icmp::AddressText(p.source) + " > " + icmp::AddressText(p.destination);
  if (!p.icmp) return fmt::format("IP protocol {} {}", p.protocol, ends);
  const icmp::IcmpHeader& h = *p.icmp;
  std::string sum = h.checksum_ok ? "" : " (bad checksum)";
  switch (h.type) {
    case icmp::kEchoRequest:
    case icmp::kEchoReply:
      return fmt::format("echo {} {} id 0x{:04x} seq {} ttl {}{}",
                         h.type == icmp::kEchoRequest ? "request" : "reply", ends,
                         icmp::Swap16(h.identifier), icmp::Swap16(h.sequence), p.ttl, sum);
    case icmp::kTimeExceeded:
    case icmp::kUnreachable: {
      std::string about =
          p.quoted ? fmt::format(" about id 0x{:04x} seq {}", icmp::Swap16(p.quoted->identifier),
                                 icmp::Swap16(p.quoted->sequence))
                   : "";
      return fmt::format("{} {}{}{}",
                         h.type == icmp::kTimeExceeded
                             ? "time exceeded"
                             : fmt::format("unreachable (code {})", h.code),
                         ends, about, sum);
    }
    default:
      return fmt::format("ICMP type {} code {} {}{}", h.type, h.code, ends, sum);
  }
}

std::string DescribeRecord(const icmp::WireRecord& r) {
  if (r.arp()) {
    uint16_t op = r.bytes.size() >= 8
                      ? static_cast<uint16_t>(static_cast<uint8_t>(r.bytes[6]) << 8 |
                                              static_cast<uint8_t>(r.bytes[7]))
                      : 0;
    std::string target = icmp::AddressText(r.packet.destination);
    std::string sender = icmp::AddressText(r.packet.source);
    if (op == 1) return fmt::format("ARP who-has {} tell {}", target, sender);
    if (op == 2) return fmt::format("ARP reply {} is-at (to {})", sender, target);
    return fmt::format("ARP operation {} {} > {}", op, sender, target);
  }
  if (!r.ipv4()) return fmt::format("a frame of link type 0x{:04x}, {} bytes", r.ethertype, r.size);
  std::string text = DescribePacket(r.packet);
  if (!r.whole()) text += fmt::format(", {} bytes", r.size);
  return text;
}

std::string DiagramLabel(const icmp::WireRecord& r) {
  if (r.arp() || !r.ipv4() || !r.packet.icmp) return DescribeRecord(r);
  const icmp::IcmpHeader& h = *r.packet.icmp;
  const std::string sum = h.checksum_ok ? "" : " bad sum";
  switch (h.type) {
    case icmp::kEchoRequest:
      return fmt::format("request seq {} ttl {}{}", icmp::Swap16(h.sequence), r.packet.ttl, sum);
    case icmp::kEchoReply:
      return fmt::format("reply seq {} ttl {}{}", icmp::Swap16(h.sequence), r.packet.ttl, sum);
    case icmp::kTimeExceeded:
    case icmp::kUnreachable:
      return fmt::format(
          "{} at {}{}{}", h.type == icmp::kTimeExceeded ? "exceeded" : "unreachable",
          icmp::AddressText(r.packet.source),
          r.packet.quoted ? fmt::format(" seq {}", icmp::Swap16(r.packet.quoted->sequence)) : "",
          sum);
    default:
      return DescribeRecord(r);
  }
}

std::string WireFate(const icmp::WireRecord& r) {
  switch (r.fate) {
    case icmp::WireRecord::kDropped:
      return "dropped";
    case icmp::WireRecord::kRefused:
      switch (r.why) {
        case icmp::WireRecord::kPastCap:
          return fmt::format("refused: past the {} requests a case passes",
                             icmp::IcmpWire::kMostFromStudent);
        case icmp::WireRecord::kIpOptions:
          return "refused: IP options";
        case icmp::WireRecord::kPastMtu:
          return fmt::format("refused: past the link's MTU of {} bytes; its headers kept alone",
                             r.mtu);
        case icmp::WireRecord::kArpPastCap:
          return fmt::format("refused: past the {} ARP frames a case passes each way",
                             icmp::IcmpWire::kMostArp);
        case icmp::WireRecord::kNotIp:
          return "refused: neither IPv4 nor ARP";
        default:
          return "refused: not for the case's path";
      }
    case icmp::WireRecord::kMade:
      return "made by the grader (another ping)";
    case icmp::WireRecord::kPassed:
      break;
  }
  if (r.held) return "held back (late)";
  if (r.duplicated) return "passed twice";
  return "passed";
}

}  // namespace netgrade::icmp
