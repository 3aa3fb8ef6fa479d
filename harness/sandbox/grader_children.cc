#include "harness/sandbox/grader_children.h"

#include <fmt/core.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <optional>
#include <set>
#include <string>

#include "harness/base/file.h"
#include "harness/base/proc.h"
#include "harness/sandbox/cgroup.h"

namespace netgrade::sandbox {
namespace {

// The main pids of every live Process: an orphan re-parented to the grader (a child
// subreaper) that is none of these belongs to some student program and must go.
std::mutex g_registry_mutex;
std::set<pid_t> g_live_mains;
// The grader's own helpers that run as a case's user (observe/owner_sight.h): children of
// the grader owned by that user, and no orphan of its program.
std::set<pid_t> g_helpers;

// Process groups of running programs, for the interrupt handler: it may only read plain
// atomics. 0 is a free slot.
constexpr int kMaxGroups = 1024;
std::atomic<pid_t> g_groups[kMaxGroups];

void RegisterGroup(pid_t pgid, bool add) {
  for (auto& slot : g_groups) {
    pid_t expected = add ? 0 : pgid;
    if (slot.compare_exchange_strong(expected, add ? pgid : 0)) return;
  }
}

// Ctrl-C or SIGTERM of netgrade itself: nothing it started may outlive it. Kills every
// registered group and everything in netgrade's cgroups (async-signal-safe calls only),
// then dies of the same signal.
void OnInterrupt(int sig) {
  for (auto& slot : g_groups) {
    pid_t g = slot.load();
    if (g > 0) ::kill(-g, SIGKILL);
  }
  KillAllCaseCgroupsFromSignalHandler();
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

std::vector<pid_t> ChildrenOfGrader() {
  std::vector<pid_t> out;
  pid_t me = ::getpid();
  for (const std::string& name : DirNames("/proc")) {
    pid_t p = static_cast<pid_t>(std::atoi(name.c_str()));
    if (p <= 0) continue;
    std::optional<ProcStat> stat = ReadProcStat("/proc/" + name + "/stat");
    if (stat && stat->ppid == me) out.push_back(p);
  }
  return out;
}

// The owner of a process (of its /proc entry); -1 when it is gone.
uid_t OwnerOf(pid_t pid) {
  struct stat st{};
  if (::stat(fmt::format("/proc/{}", pid).c_str(), &st) != 0) return static_cast<uid_t>(-1);
  return st.st_uid;
}

}  // namespace

void SetUpGraderOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    ::signal(SIGPIPE, SIG_IGN);  // a program that closed its stdin is not a grader crash
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    struct sigaction sa{};
    sa.sa_handler = OnInterrupt;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
  });
}

std::unique_lock<std::mutex> LockPrograms() {
  return std::unique_lock<std::mutex>(g_registry_mutex);
}

void AddProgram(pid_t pid) {
  g_live_mains.insert(pid);
  RegisterGroup(pid, true);
}

void RemoveProgram(pid_t pid) {
  g_live_mains.erase(pid);
  RegisterGroup(pid, false);
}

void ProgramReaped(pid_t pid) {
  std::lock_guard<std::mutex> lock(g_registry_mutex);
  g_live_mains.erase(pid);
}

void ForgetGroup(pid_t pid) { RegisterGroup(pid, false); }

void AddHelper(pid_t pid) { g_helpers.insert(pid); }

void HelperReaped(pid_t pid) {
  std::lock_guard<std::mutex> lock(g_registry_mutex);
  g_helpers.erase(pid);
}

std::vector<pid_t> AdoptedOrphans(int uid) {
  // Listed under the lock that every fork of a program holds until it is registered: a
  // program another case has just forked is one of the mains, never taken for an orphan
  // (killed and reaped as one, it died of SIGKILL at its start and its own case's
  // pidfd_open failed with ESRCH).
  std::set<pid_t> mains, helpers;
  std::vector<pid_t> children;
  {
    std::lock_guard<std::mutex> lock(g_registry_mutex);
    mains = g_live_mains;
    helpers = g_helpers;
    children = ChildrenOfGrader();
  }
  std::vector<pid_t> out;
  for (pid_t child : children) {
    if (mains.count(child) || helpers.count(child)) continue;
    if (uid >= 0 && OwnerOf(child) != static_cast<uid_t>(uid)) continue;
    out.push_back(child);
  }
  return out;
}

}  // namespace netgrade::sandbox
