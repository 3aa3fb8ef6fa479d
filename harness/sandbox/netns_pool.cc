#include "harness/sandbox/netns_pool.h"

#include <algorithm>
#include <mutex>
#include <optional>
#include <sstream>
#include <vector>

#include "harness/base/file.h"
#include "harness/base/sock_diag.h"
#include "harness/sandbox/any_address.h"

namespace netgrade::sandbox {
namespace {

// Two graders' worth of cases at once (--jobs) and a few more; past it, they go.
constexpr size_t kMostKept = 8;

std::mutex g_mutex;
std::vector<std::unique_ptr<NetNamespace>> g_kept;

// "TCP: inuse 0 orphan 0 tw 0 alloc 3 mem 0": every `inuse` of the calling thread's namespace
// is 0, and every `tw` too unless `time_wait_aside`. The first line ("sockets: used N") and
// alloc, mem and orphan count the whole machine's sockets, not this namespace's.
bool NoneInUse(const std::string& sockstat, bool time_wait_aside) {
  std::istringstream lines(sockstat);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("sockets:", 0) == 0) continue;
    std::istringstream words(line);
    std::string key, value;
    words >> key;  // "TCP:"
    while (words >> key >> value)
      if ((key == "inuse" || (key == "tw" && !time_wait_aside)) && value != "0") return false;
  }
  return true;
}

// The namespace's counts: /proc/net/sockstat and sockstat6 of the calling thread's.
std::optional<std::string> Counts() {
  std::optional<std::string> v4 = ReadFile("/proc/thread-self/net/sockstat");
  std::optional<std::string> v6 = ReadFile("/proc/thread-self/net/sockstat6");
  if (!v4 || !v6) return std::nullopt;
  return *v4 + *v6;
}

// Makes a namespace just made what a one-host case's is: every address in it local
// (any_address.h), entered for that alone. Throws SystemError when the kernel refuses.
void MakeOneHost(const NetNamespace& fresh) {
  NetNamespace::Scope in(&fresh);
  MakeEveryAddressLocal();
}

}  // namespace

bool HoldsNoSocket(const NetNamespace& ns) {
  NetNamespace::Scope in(&ns);
  std::optional<std::string> counts = Counts();
  if (!counts || !NoneInUse(*counts, /*time_wait_aside=*/true)) return false;
  if (NoneInUse(*counts, false)) return true;
  // Ending TIME_WAIT sockets walks the namespace's table of connections (the machine's where
  // it has none of its own, sock_diag.h): only when the counts say there are some, and
  // nothing else.
  return SockDiag().EndTimeWait() > 0 && (counts = Counts()) && NoneInUse(*counts, false);
}

std::unique_ptr<NetNamespace> TakeOneHostNamespace(std::string* why) {
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (!g_kept.empty()) {
      std::unique_ptr<NetNamespace> ns = std::move(g_kept.back());
      g_kept.pop_back();
      return ns;
    }
  }
  std::unique_ptr<NetNamespace> ns = NetNamespace::Create(why);
  if (ns) MakeOneHost(*ns);
  return ns;
}

void KeepNewNamespace(std::unique_ptr<NetNamespace> fresh) {
  if (!fresh) return;
  try {
    MakeOneHost(*fresh);
  } catch (const std::exception&) {
    return;
  }
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_kept.size() < kMostKept) g_kept.push_back(std::move(fresh));
}

void KeepSpareNamespaces(size_t count) {
  // At most `count` made: one that cannot be kept (MakeOneHost refused) is not tried forever.
  for (size_t made = 0; made < count; ++made) {
    {
      std::lock_guard<std::mutex> lock(g_mutex);
      if (g_kept.size() >= std::min(count, kMostKept)) return;
    }
    std::unique_ptr<NetNamespace> fresh;
    try {
      fresh = NetNamespace::Create(nullptr);
    } catch (const std::exception&) {
    }
    if (!fresh) return;
    KeepNewNamespace(std::move(fresh));
  }
}

size_t KeptNamespaces() {
  std::lock_guard<std::mutex> lock(g_mutex);
  return g_kept.size();
}

void GiveBackOneHostNamespace(std::unique_ptr<NetNamespace> ns) {
  // Called from a destructor: a namespace that cannot be looked into goes, and nothing throws.
  try {
    if (!ns || !HoldsNoSocket(*ns)) return;
  } catch (const std::exception&) {
    return;
  }
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_kept.size() < kMostKept) g_kept.push_back(std::move(ns));
}

}  // namespace netgrade::sandbox
