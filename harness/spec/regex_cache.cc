#include "harness/spec/regex_cache.h"

#include <mutex>
#include <unordered_map>

namespace netgrade::spec {

namespace {

// A spec has tens of patterns; a bound keeps patterns made from what programs send (none
// today) from growing it without end.
constexpr size_t kMostKept = 1024;

}  // namespace

std::shared_ptr<const RE2> Compiled(const std::string& pattern) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const RE2>> kept;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = kept.find(pattern);
  if (it != kept.end()) return it->second;
  if (kept.size() >= kMostKept) kept.clear();  // those in use live on in their holders
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(pattern, options);
  kept.emplace(pattern, re);
  return re;
}

}  // namespace netgrade::spec
