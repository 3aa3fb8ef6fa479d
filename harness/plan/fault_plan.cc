#include "harness/plan/fault_plan.h"

#include <fmt/core.h>

#include <algorithm>

#include "harness/base/seed.h"

namespace netgrade::plan {
namespace {

bool Has(const std::vector<int>& v, int i) { return std::find(v.begin(), v.end(), i) != v.end(); }

std::string Indices(const std::vector<int>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += i + 1 == v.size() ? " and " : ", ";
    out += fmt::format("#{}", v[i]);
  }
  return out;
}

// Streams of the generator, so that rates and jitter of both directions are independent.
constexpr uint64_t kDropStream = 1, kJitterStream = 2;

}  // namespace

double Uniform(uint64_t seed, uint64_t stream, uint64_t index) {
  uint64_t x = SplitMix(SplitMix(seed ^ (stream * 0x632be59bd9b4e019ull)) ^ index);
  return static_cast<double>(x >> 11) * 0x1.0p-53;
}

Decision Decide(const spec::DirectionFaults& f, uint64_t seed, Direction direction, int index) {
  Decision d;
  uint64_t dir = direction == Direction::kToStudent ? 0 : 8;
  if (Has(f.drop, index)) {
    d.drop = true;
  } else if (f.drop_rate > 0 &&
             Uniform(seed, kDropStream + dir, static_cast<uint64_t>(index)) < f.drop_rate) {
    d.drop = d.drop_by_rate = true;
  }
  if (Has(f.duplicate, index)) d.copies = 2;
  d.hold = Has(f.hold, index);
  d.late = Has(f.late, index);
  d.delay_ms = f.delay_ms;
  if (f.jitter_ms > 0)
    d.delay_ms += static_cast<int>(
        Uniform(seed, kJitterStream + dir, static_cast<uint64_t>(index)) * (f.jitter_ms + 1));
  return d;
}

std::string Describe(const spec::DirectionFaults& f) {
  std::vector<std::string> parts;
  if (!f.drop.empty()) parts.push_back("drops " + Indices(f.drop));
  if (f.drop_rate > 0)
    parts.push_back(
        fmt::format("drops {:.0f}%{}", f.drop_rate * 100, f.drop.empty() ? "" : " of the others"));
  if (!f.duplicate.empty()) parts.push_back("duplicates " + Indices(f.duplicate));
  if (!f.hold.empty())
    parts.push_back("holds back " + Indices(f.hold) + " until the next one has passed");
  if (!f.late.empty())
    parts.push_back("holds back " + Indices(f.late) + " until the other side sends again");
  if (f.delay_ms > 0 || f.jitter_ms > 0)
    parts.push_back(f.jitter_ms > 0 ? fmt::format("delays {} to {} ms (seeded)", f.delay_ms,
                                                  f.delay_ms + f.jitter_ms)
                                    : fmt::format("delays {} ms", f.delay_ms));
  if (f.slice > 0)
    parts.push_back(fmt::format("slices the stream into writes of {} byte{}", f.slice,
                                f.slice == 1 ? "" : "s"));
  if (f.coalesce) parts.push_back("merges writes");
  if (f.reset_after >= 0)
    parts.push_back(fmt::format("resets the connection after {} bytes", f.reset_after));
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : ", ") + parts[i];
  return out;
}

}  // namespace netgrade::plan
