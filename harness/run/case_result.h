// The last phase of a case: its verdict and what the grader saw, put together as the result
// reports show (check::CaseResult): the verdict and score, the explanation, the notes, and
// with faults the proxy's transcript behind the fault plan in words.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/check/finding.h"
#include "harness/check/kind_checks.h"
#include "harness/check/result.h"
#include "harness/observe/observation.h"
#include "harness/proxy/case_proxy.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

struct CaseOutcome {
  const spec::Case* test = nullptr;
  std::string program;  // "server.py"
  uint64_t seed = 1;    // the run's: the one --seed takes
  check::Finding finding;
  // A passing case's partial credit (check::Decision::points); nullopt: all its points.
  std::optional<check::PartialCredit> points;
  const observe::Observation* seen = nullptr;  // the final observation, judged
  // The lab kind's checks, for their notes (KindChecks::notes); null: every kind's alone.
  const check::KindChecks* kind = nullptr;
  const proxy::CaseProxy* proxy = nullptr;  // with faults
  double wall_ms = 0, student_ms = 0, load_extension_ms = 0;
};

check::CaseResult MakeCaseResult(const CaseOutcome& outcome);

// What a program sent, for `validate` to compare across two runs of one seed (a program that
// draws an id of its own sends other messages each run): per connection, its first
// kKeyMessages complete lines (TCP) or datagrams (UDP), each cut to kKeyBytes and with the
// clock's figures masked (MaskClockFigures), so that what is left is what the seed decides
// and what the program draws of its own.
inline constexpr size_t kKeyMessages = 3;
inline constexpr size_t kKeyBytes = 200;
std::vector<std::vector<std::string>> SentKey(const std::vector<peers::ConnectionLog>& logs);

// `message` with what a clock gives masked as '#': a time of day (06:41:49), a number with
// a decimal point (1764139309.52, 0.25) and a run of 9 digits or more (seconds or ms since
// 1970); and an IPv4 address with its port as '@' (a chat server's "[127.0.0.1:40760] hi":
// the peer's port is the kernel's choice). A short whole number (an id) stays.
std::string MaskClockFigures(std::string_view message);

// What the lab calls netgrade's side of its scripts, each name once, in the order of the
// labels: {a: browser, b: browser, o: origin} is "browser and origin"; "" for none.
std::string PeerNames(const std::map<std::string, std::string>& connection_names);

// "fault plan (seed 7): to the student: drop #2; from the student: ...".
std::string DescribeFaults(const spec::Case& test, uint64_t seed);

}  // namespace netgrade::run
