#include "harness/kinds/sockets/capture_faults.h"

#include <fmt/core.h>
#include <netinet/in.h>

#include <algorithm>
#include <optional>

namespace netgrade::sockets {
namespace {

// A packet's clock and the transcript's differ by the time it takes a datagram from the
// kernel's tap to the proxy's read: small, but never negative. This allows for the clocks'
// own rounding.
constexpr int64_t kSlackNs = 2'000'000;

// Whether a packet (its segment) is one that arrives at the proxy (or leaves it) going `way`.
bool Fits(const observe::Segment& s, const ProxyPorts& ports, plan::Direction way, bool leaving) {
  if (s.protocol != ports.protocol) return false;
  // The first side is the student when it is a client: its traffic is kFromStudent.
  bool from_first = (way == plan::Direction::kFromStudent) == ports.student_first;
  if (from_first)
    return leaving ? s.destination_port == ports.target : s.destination_port == ports.listen;
  return leaving ? s.source_port == ports.listen : s.source_port == ports.target;
}

// Whether a packet's payload begins what the entry carried (or, a TCP segment shorter than
// it, the entry begins with the segment). A UDP datagram is the entry's whole size.
bool Carries(const observe::Segment& s, const proxy::TranscriptEntry& e, int protocol) {
  if (protocol == IPPROTO_UDP && s.payload.size() != e.size) return false;
  if (protocol == IPPROTO_TCP && s.payload.empty()) return false;
  size_t n = std::min(s.payload.size(), e.text.size());
  return s.payload.substr(0, n) == std::string_view(e.text).substr(0, n);
}

bool WorthAComment(const proxy::TranscriptEntry& e) {
  return e.action != proxy::Action::kPassed || (!e.words.empty() && e.words != "passed");
}

std::string Comment(const proxy::TranscriptEntry& e, int protocol) {
  const char* way = e.direction == plan::Direction::kToStudent ? "to" : "from";
  std::string what = e.words.empty() ? proxy::ActionName(e.action) : e.words;
  return fmt::format("netgrade's proxy, {} #{} {} the student ({}, {} B): {}",
                     protocol == IPPROTO_UDP ? "datagram" : "write", e.index, way,
                     proxy::QuoteExcerpt(e.text, 40), e.size, what);
}

}  // namespace

std::map<size_t, std::string> FaultComments(const std::vector<observe::CapturedPacket>& packets,
                                            const proxy::Transcript& transcript,
                                            const ProxyPorts& ports, int64_t start_ns,
                                            size_t* unplaced) {
  // The packets each way, arriving at the proxy and leaving it: [way][leaving], in time order.
  std::vector<observe::Segment> segments(packets.size());
  std::vector<size_t> candidates[2][2];
  for (size_t i = 0; i < packets.size(); ++i) {
    std::optional<observe::Segment> s = observe::ParseCooked(packets[i].data);
    if (!s) continue;
    segments[i] = *s;
    for (plan::Direction way : {plan::Direction::kToStudent, plan::Direction::kFromStudent})
      for (bool leaving : {false, true})
        if (Fits(*s, ports, way, leaving)) candidates[static_cast<int>(way)][leaving].push_back(i);
  }
  size_t first[2][2] = {};  // before it, every candidate is placed
  std::vector<bool> placed(packets.size(), false);
  std::map<size_t, std::string> comments;
  *unplaced = 0;
  for (const proxy::TranscriptEntry& e : transcript.entries()) {
    const bool leaving = e.action == proxy::Action::kReleased;
    const int64_t at = start_ns + static_cast<int64_t>(e.t_ms * 1e6);
    const std::vector<size_t>& list = candidates[static_cast<int>(e.direction)][leaving];
    size_t& from = first[static_cast<int>(e.direction)][leaving];
    while (from < list.size() && placed[list[from]]) ++from;
    std::optional<size_t> found;
    for (size_t k = from; k < list.size() && !found; ++k) {
      size_t i = list[k];
      int64_t t = static_cast<int64_t>(packets[i].ns);
      if (!leaving && t > at + kSlackNs) break;  // later packets came after the entry
      if (placed[i] || (leaving && t < at - kSlackNs)) continue;
      if (Carries(segments[i], e, ports.protocol)) found = i;
    }
    if (found) placed[*found] = true;
    if (!WorthAComment(e)) continue;
    if (!found) {
      ++*unplaced;
      continue;
    }
    std::string& c = comments[*found];
    c += (c.empty() ? "" : "; ") + Comment(e, ports.protocol);
  }
  return comments;
}

}  // namespace netgrade::sockets
