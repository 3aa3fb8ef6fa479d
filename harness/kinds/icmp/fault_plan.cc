#include "harness/kinds/icmp/fault_plan.h"

#include <algorithm>

#include "harness/base/seed.h"

namespace netgrade::icmp {
namespace {

// A number in [0, 1) drawn from the seed for (what, a, b).
double Draw(uint64_t seed, std::string_view what, uint64_t a, uint64_t b = 0) {
  uint64_t z = SplitMix(seed ^ NameHash(what));
  z = SplitMix(z ^ a);
  z = SplitMix(z ^ b);
  return static_cast<double>(z >> 11) / static_cast<double>(uint64_t{1} << 53);
}

}  // namespace

IcmpPlan::IcmpPlan(IcmpFaults faults, std::vector<uint32_t> hops, uint64_t seed)
    : faults_(std::move(faults)), hops_(std::move(hops)), seed_(seed) {}

int IcmpPlan::DelayMs(unsigned n) const {
  int span = faults_.delay_max_ms - faults_.delay_min_ms;
  if (span <= 0) return faults_.delay_min_ms;
  return faults_.delay_min_ms + static_cast<int>(Draw(seed_, "icmp-delay", n) * (span + 1));
}

unsigned IcmpPlan::Answers(const icmp::Packet& packet) const {
  if (!packet.icmp) return 0;
  const icmp::IcmpHeader* about = nullptr;
  if (packet.icmp->type == icmp::kEchoReply) about = &*packet.icmp;
  if (packet.quoted && packet.quoted->type == icmp::kEchoRequest) about = &*packet.quoted;
  if (about == nullptr) return 0;
  auto it = requests_.find({about->identifier, about->sequence});
  return it == requests_.end() ? 0 : it->second;
}

bool IcmpPlan::AnswerPasses(unsigned n) const {
  return n >= 1 && n <= passes_.size() && passes_[n - 1];
}

size_t IcmpPlan::AnsweringHop(const icmp::Packet& request) const {
  size_t routers = hops_.size();
  size_t target = routers + 1;  // the destination, past the last router
  auto at = std::find(hops_.begin(), hops_.end(), request.destination);
  if (at != hops_.end()) target = static_cast<size_t>(at - hops_.begin()) + 1;
  size_t ttl = std::max<size_t>(request.ttl, 1);
  if (ttl < target) return ttl;  // time exceeded from router `ttl`
  if (target == routers + 1 && faults_.unreachable && routers > 0) return routers;
  return 0;
}

bool IcmpPlan::HopLoses(size_t hop, unsigned n, size_t copy) const {
  auto loss = faults_.hop_loss.find(hop);
  return loss != faults_.hop_loss.end() &&
         Draw(seed_, "icmp-hop-loss", hop, uint64_t{n} << 20 | copy) < loss->second;
}

WireDecision IcmpPlan::Decide(const icmp::Packet& packet, bool to_student, size_t) {
  WireDecision d;
  if (!to_student) {
    if (!packet.icmp) return d;
    unsigned n = ++sent_;
    // A sequence sent again is answered as its first request was (Answers), so foreseen so.
    // Or, with latest_answers, as the latest request with its numbers.
    auto [at, fresh] =
        requests_.emplace(std::make_pair(packet.icmp->identifier, packet.icmp->sequence), n);
    if (!fresh && faults_.latest_answers) at->second = n;
    unsigned owner = at->second;
    bool passes = faults_.lost.count(owner) == 0 && faults_.late.count(owner) == 0;
    if (size_t hop = AnsweringHop(packet); passes && hop > 0)
      passes = faults_.silent_hops.count(hop) == 0 &&
               !HopLoses(hop, owner, foreseen_about_[{hop, owner}]++);
    passes_.push_back(passes);
    d.answer_other_identifier = faults_.other_identifier.count(n) > 0;
    return d;
  }
  // An error from a router: silent, or lost with its hop's chance.
  if (packet.icmp && packet.icmp->type != icmp::kEchoReply) {
    auto hop = std::find(hops_.begin(), hops_.end(), packet.source);
    if (hop != hops_.end()) {
      size_t h = static_cast<size_t>(hop - hops_.begin()) + 1;
      if (faults_.silent_hops.count(h)) {
        d.drop = true;
        return d;
      }
      // Drawn for the request it quotes (as AnswerPasses foresaw), whatever order errors of
      // several requests come in; an error quoting none of the program's by its own count.
      unsigned about = Answers(packet);
      bool lost = about > 0 ? HopLoses(h, about, errors_about_[{h, about}]++)
                            : HopLoses(h, 0, errors_from_hop_[h]++);
      if (lost) {
        d.drop = true;
        return d;
      }
    }
  }
  unsigned n = Answers(packet);
  d.answers = n;
  if (n == 0) return d;
  if (faults_.lost.count(n)) {
    d.drop = true;
    return d;
  }
  d.delay = std::chrono::milliseconds(DelayMs(n));
  d.duplicate = faults_.duplicated.count(n) > 0;
  d.hold_until_next_request = faults_.late.count(n) > 0;
  return d;
}

}  // namespace netgrade::icmp
