#include "harness/kinds/icmp/wire_refusals.h"

#include <fmt/core.h>

#include "harness/kinds/icmp/codes.h"

namespace netgrade::icmp {

using check::Code;
using check::Finding;
using check::JoinParts;
namespace {

using icmp::kWireMostArp;
using icmp::WireRecord;

const char* OptionName(uint8_t type) {
  switch (type) {
    case 7:
      return "record route";
    case 68:
      return "timestamp";
    case 130:
      return "security";
    case 131:
      return "loose source route";
    case 136:
      return "stream identifier";
    case 137:
      return "strict source route";
    case 148:
      return "router alert";
    default:
      return nullptr;
  }
}

}  // namespace

std::string IpOptionNames(const std::string& ip) {
  if (ip.empty()) return "";
  size_t end = std::min(ip.size(), static_cast<size_t>(static_cast<uint8_t>(ip[0]) & 0x0f) * 4);
  std::string names;
  for (size_t at = 20; at < end;) {
    uint8_t type = static_cast<uint8_t>(ip[at]);
    if (type == 0) break;  // end of options
    size_t len = type == 1 || at + 1 >= end ? 1 : static_cast<uint8_t>(ip[at + 1]);
    if (type != 1) {
      const char* name = OptionName(type);
      std::string word = name ? name : fmt::format("option {}", type);
      if (names.find(word) == std::string::npos) names += (names.empty() ? "" : ", ") + word;
    }
    at += std::max<size_t>(len, 1);
  }
  return names;
}

std::optional<Finding> WhyNothingPassed(const std::vector<WireRecord>& records,
                                        const std::string& destination) {
  const WireRecord *options = nullptr, *big = nullptr, *first = nullptr;
  size_t arp = 0, with_options = 0, too_big = 0;
  for (const WireRecord& r : records) {
    if (r.to_student || r.fate != WireRecord::kRefused) continue;
    if (r.why == WireRecord::kIpOptions) options = options ? options : &r, ++with_options;
    if (r.why == WireRecord::kPastMtu) big = big ? big : &r, ++too_big;
    if (r.why == WireRecord::kArpPastCap) ++arp;
    if (r.ipv4() && r.why == WireRecord::kOffPath && first == nullptr) first = &r;
  }
  if (options != nullptr)
    return Finding{
        .code = icmp::Codes::kBadEchoRequest,
        .cause = check::Say("Your program sent {} echo request{} with IP options in the IPv4 "
                            "header ({}): the wire passes echo requests with a plain 20-byte "
                            "IPv4 header only, and refused {}.",
                            with_options, with_options == 1 ? "" : "s",
                            IpOptionNames(options->bytes), with_options == 1 ? "it" : "them"),
        .fix =
            "A ping needs no option: set no IP_OPTIONS on the raw socket (socket(AF_INET, "
            "SOCK_RAW, IPPROTO_ICMP)) and let the kernel write the IPv4 header."};
  if (arp > 0)
    return Finding{
        .code = icmp::Codes::kNoEchoRequest,
        .cause = check::Say("Your program flooded the link with ARP frames: the wire passes at "
                            "most {} from its host in a case and refused the rest, so its own "
                            "kernel's question for the router's link address went unanswered "
                            "and no echo request reached the wire.",
                            kWireMostArp),
        .fix =
            "Send echo requests on a raw socket (socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) and "
            "leave ARP to the kernel."};
  if (big != nullptr)
    return Finding{
        .code = icmp::Codes::kNoEchoRequest,
        .cause = check::Say("Your program wrote {} larger than the link's MTU ({} bytes where "
                            "the link takes {}), such as a packet socket's GSO super-frames "
                            "(PACKET_VNET_HDR): the wire refused {} and kept their headers "
                            "alone.",
                            too_big == 1 ? "a frame" : "frames", big->size, big->mtu,
                            too_big == 1 ? "it" : "them"),
        .fix = fmt::format("Send each echo request as one IP packet that fits the link, on a raw "
                           "socket (socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) to the host given "
                           "as the first argument ({}).",
                           destination)};
  if (first == nullptr) return std::nullopt;
  const icmp::Packet& p = first->packet;
  if (p.protocol != icmp::kProtocolIcmp)
    return Finding{
        .code = icmp::Codes::kNoEchoRequest,
        .cause = check::Say("Your program sent an IP packet of protocol {} to {}, but no ICMP "
                            "echo request: a ping is an ICMP message (protocol 1), sent on a "
                            "socket made with socket(AF_INET, SOCK_RAW, IPPROTO_ICMP).",
                            p.protocol, icmp::AddressText(p.destination))};
  if (p.icmp && p.icmp->type != icmp::kEchoRequest)
    return Finding{
        .code = icmp::Codes::kBadEchoRequest,
        .cause = check::Say("Your program sent an ICMP message of type {} code {}, not an echo "
                            "request: an echo request is type 8, code 0 (type 0 is the reply).",
                            p.icmp->type, p.icmp->code)};
  if (icmp::AddressText(p.destination) != destination)
    return Finding{
        .code = icmp::Codes::kNoEchoRequest,
        .cause = check::Say(
            "Your program sent its echo requests to {}, not to {}, the host it was given "
            "as its first argument: send to that host.",
            icmp::AddressText(p.destination), destination)};
  return std::nullopt;
}

bool PingsOnlyOffPath(const std::vector<icmp::WireRecord>& records) {
  int off_path = 0;
  for (const WireRecord& r : records) {
    if (r.to_student || !r.ipv4() || !r.packet.icmp || r.packet.icmp->type != kEchoRequest)
      continue;
    if (r.fate != WireRecord::kRefused) return false;
    if (r.why == WireRecord::kOffPath) ++off_path;
  }
  return off_path >= 2;
}

}  // namespace netgrade::icmp
