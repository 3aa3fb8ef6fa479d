// The faults of an ICMP case's wire (kinds/icmp/wire.h carries them out), a pure function of the
// case's seed and of what the program sent: the n-th echo request (1-based, in the order the
// program sent them, whatever sequence number it wrote and in whichever byte order) has its reply
// lost, delayed, doubled, made late, or preceded by another identifier's reply; a silent router's
// ICMP errors are all lost; a hop's errors are lost with a probability. Replies and errors are
// matched to their request by identifier and sequence (an error by the request it quotes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "harness/base/clock.h"
#include "harness/kinds/icmp/packet.h"

namespace netgrade::icmp {

// What the wire does with one IPv4 packet that may pass.
struct WireDecision {
  bool drop = false;
  Clock::duration delay{};
  bool duplicate = false;  // a second copy right after the first
  // Towards the student: kept until the student sends its next request (or the wire is asked
  // for what it holds), then delivered just before that request goes on: "late".
  bool hold_until_next_request = false;
  // From the student (an echo request): first an echo reply with another identifier (this
  // one's xor 0x5555) and the same sequence and data, from the destination, as if a second
  // ping ran on the same host.
  bool answer_other_identifier = false;
  // Towards the student: the request (1-based) it answers, as it crosses (IcmpPlan::Answers
  // then); 0 when none.
  unsigned answers = 0;
};

// Decides for the index-th packet going `to_student` (or from), read as `packet`. A pure
// function of its arguments and the case's seed: the verdict follows.
using WirePlan =
    std::function<WireDecision(const icmp::Packet& packet, bool to_student, size_t index)>;

struct IcmpFaults {
  std::set<unsigned> lost;              // requests whose reply (or error) is dropped
  std::set<unsigned> duplicated;        // whose reply comes twice
  std::set<unsigned> late;              // whose reply is held until the next request
  std::set<unsigned> other_identifier;  // preceded by another ping's reply
  // Every reply is delayed by a number of milliseconds drawn from [delay_min_ms, delay_max_ms].
  int delay_min_ms = 0;
  int delay_max_ms = 0;
  std::set<size_t> silent_hops;  // 1-based: router 1 is the first after the student
  // Per hop (1-based), the chance that one of its ICMP errors is lost (traceroute's losses),
  // drawn for the request the error quotes.
  std::map<size_t, double> hop_loss;
  // The last router has no route to the destination: it answers a request that reaches it
  // with destination unreachable (type 3), an error of its hop.
  bool unreachable = false;
  // An answer is the latest request's with its identifier and sequence number, not the first's
  // (`sequence: any`: the textbook's pinger sends sequence 1 every time, one at a time).
  bool latest_answers = false;
};

class IcmpPlan {
 public:
  // `hops`: the routers' addresses in order; `seed`: the case's.
  IcmpPlan(IcmpFaults faults, std::vector<uint32_t> hops, uint64_t seed);

  WireDecision Decide(const icmp::Packet& packet, bool to_student, size_t index);

  // The delay the reply to request n (1-based) was given, in milliseconds: the least round
  // trip the program may print for it.
  int DelayMs(unsigned n) const;
  // Which request (1-based) a packet towards the student answers, as of the requests decided
  // so far; 0 when none it sent. The wire keeps it in each record (WireRecord::answers).
  unsigned Answers(const icmp::Packet& packet) const;
  // Whether the plan lets an answer to request n (1-based, among those Decide was asked
  // about) reach the program before its next request: not when it loses that answer (`lost`,
  // a silent hop, a hop's loss) or holds it back (`late`). Decided from the request alone
  // (its TTL and destination give the hop that answers it) when it went by, so a pure
  // function of the seed and of what the program sent, whenever the answer itself comes.
  // A delayed answer passes. False for an n never sent.
  bool AnswerPasses(unsigned n) const;

 private:
  // The hop (1-based) whose ICMP error answers `request`; 0 when the echo reply does.
  size_t AnsweringHop(const icmp::Packet& request) const;
  // Whether a hop's loss drops its copy-th error about request n.
  bool HopLoses(size_t hop, unsigned n, size_t copy) const;

  IcmpFaults faults_;
  std::vector<uint32_t> hops_;
  uint64_t seed_;
  std::map<std::pair<uint16_t, uint16_t>, unsigned> requests_;  // (id, seq) -> n, the first
  unsigned sent_ = 0;
  std::vector<bool> passes_;  // AnswerPasses, by request
  // Errors per (hop, request quoted): seen on the wire, and foreseen as requests went by.
  std::map<std::pair<size_t, unsigned>, size_t> errors_about_, foreseen_about_;
  std::map<size_t, size_t> errors_from_hop_;  // errors quoting no request of the program
};

}  // namespace netgrade::icmp
