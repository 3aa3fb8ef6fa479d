#include "harness/sandbox/cgroup.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <sstream>

#include "harness/base/file.h"
#include "harness/sandbox/kill.h"

namespace netgrade::sandbox {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPidsRoot = "/sys/fs/cgroup/pids";
constexpr const char* kMemoryRoot = "/sys/fs/cgroup/memory";

std::string ReadFile(const std::string& path) { return netgrade::ReadFile(path).value_or(""); }

// The procs files of live cgroups, as fixed arrays a signal handler can read.
constexpr int kMaxCgroups = 256;
char g_procs[kMaxCgroups][160];
std::atomic<bool> g_used[kMaxCgroups];

void Register(const std::string& procs, bool add) {
  for (int i = 0; i < kMaxCgroups; ++i) {
    if (add) {
      bool expected = false;
      if (g_used[i].compare_exchange_strong(expected, true)) {
        std::snprintf(g_procs[i], sizeof g_procs[i], "%s", procs.c_str());
        return;
      }
    } else if (g_used[i].load() && procs == g_procs[i]) {
      g_used[i].store(false);
      return;
    }
  }
}

}  // namespace

void KillAllCaseCgroupsFromSignalHandler() {
  for (int i = 0; i < kMaxCgroups; ++i) {
    if (!g_used[i].load()) continue;
    int fd = ::open(g_procs[i], O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    pid_t pid = 0;
    for (ssize_t k = 0; k < n; ++k) {
      if (buf[k] >= '0' && buf[k] <= '9') {
        pid = pid * 10 + (buf[k] - '0');
      } else {
        if (pid > 0) ::kill(pid, SIGKILL);
        pid = 0;
      }
    }
  }
}

// Groups left by a netgrade that was killed: their owner's pid is gone. Emptied, removed.
static void RemoveStaleGroups() {
  for (const char* root : {kPidsRoot, kMemoryRoot}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root, ec)) {
      std::string name = e.path().filename();
      if (name.rfind("netgrade-", 0) != 0) continue;
      pid_t owner = std::atoi(name.c_str() + 9);
      if (owner <= 0 || ::kill(owner, 0) == 0 || errno != ESRCH) continue;
      std::istringstream procs(ReadFile(e.path() / "cgroup.procs"));
      for (pid_t p; procs >> p;) ::kill(p, SIGKILL);
      ::rmdir(e.path().c_str());  // fails while a killed process is still leaving; next time
    }
  }
}

std::unique_ptr<CaseCgroup> CaseCgroup::Create(int max_processes, int64_t max_memory_bytes,
                                               std::string* why) {
  static std::atomic<int> counter{0};
  static std::once_flag cleaned;
  if (::geteuid() != 0) {
    if (why) *why = "not running as root";
    return nullptr;
  }
  if (!fs::exists(fs::path(kPidsRoot) / "cgroup.procs") ||
      !fs::exists(fs::path(kMemoryRoot) / "cgroup.procs")) {
    if (why) *why = "the cgroup v1 pids and memory controllers are not mounted";
    return nullptr;
  }
  std::call_once(cleaned, RemoveStaleGroups);
  std::unique_ptr<CaseCgroup> cg(new CaseCgroup());
  std::string name = fmt::format("netgrade-{}-{}", ::getpid(), counter++);
  cg->pids_dir_ = fmt::format("{}/{}", kPidsRoot, name);
  cg->memory_dir_ = fmt::format("{}/{}", kMemoryRoot, name);
  for (const std::string& dir : {cg->pids_dir_, cg->memory_dir_}) {
    std::error_code ec;
    if (!fs::create_directory(dir, ec)) {
      if (why) *why = fmt::format("cannot create {}: {}", dir, ec.message());
      return nullptr;
    }
    cg->dirs_.push_back(dir);
    cg->procs_files_.push_back(dir + "/cgroup.procs");
  }
  cg->max_processes_ = max_processes;
  cg->max_memory_bytes_ = max_memory_bytes;
  bool ok = WriteFile(cg->pids_dir_ + "/pids.max", std::to_string(max_processes)) &&
            WriteFile(cg->memory_dir_ + "/memory.limit_in_bytes", std::to_string(max_memory_bytes));
  if (!ok) {
    if (why) *why = "cannot set the cgroup limits";
    return nullptr;
  }
  WriteFile(cg->memory_dir_ + "/memory.memsw.limit_in_bytes",
            std::to_string(max_memory_bytes));  // no swap here
  Register(cg->pids_dir_ + "/cgroup.procs", true);
  return cg;
}

CaseCgroup::~CaseCgroup() {
  KillAll();
  Register(pids_dir_ + "/cgroup.procs", false);
  for (const std::string& dir : dirs_) ::rmdir(dir.c_str());
}

std::vector<pid_t> CaseCgroup::Pids() const {
  std::vector<pid_t> pids;
  std::istringstream in(ReadFile(pids_dir_ + "/cgroup.procs"));
  for (pid_t p; in >> p;) pids.push_back(p);
  return pids;
}

void CaseCgroup::KillAll() {
  KillUntilGone({[this] { return Pids(); }});
}

bool CaseCgroup::process_limit_hit() const {
  std::string events = ReadFile(pids_dir_ + "/pids.events");  // "max N"
  size_t at = events.find("max ");
  return at != std::string::npos && std::atoll(events.c_str() + at + 4) > 0;
}

// The count after "key " in a file of "key value" lines (memory.oom_control, memory.events).
static int64_t Counter(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string name;
  for (int64_t value; in >> name >> value;)
    if (name == key) return value;
  return 0;
}

bool CaseCgroup::memory_limit_hit() const {
  // A charge the cap refused counts in failcnt; a process the kernel then killed for memory
  // counts only as oom_kill (memory.oom_control in cgroup v1, memory.events in v2).
  return std::atoll(ReadFile(memory_dir_ + "/memory.failcnt").c_str()) > 0 ||
         Counter(ReadFile(memory_dir_ + "/memory.oom_control"), "oom_kill") > 0 ||
         Counter(ReadFile(memory_dir_ + "/memory.events"), "oom_kill") > 0;
}

}  // namespace netgrade::sandbox
