#include "harness/sandbox/cgroup.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <sstream>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/sandbox/cgroup_fs.h"
#include "harness/sandbox/cgroup_owner.h"
#include "harness/sandbox/kill.h"

namespace netgrade::sandbox {
using namespace cgroup_fs;
namespace {

// The procs and kill files of live cgroups, as fixed arrays a signal handler can read.
constexpr int kMaxCgroups = 256;
constexpr size_t kPathMax = 512;
char g_procs[kMaxCgroups][kPathMax];
char g_kill[kMaxCgroups][kPathMax];  // v2 only; "" for v1
std::atomic<bool> g_used[kMaxCgroups];

void Register(const std::string& dir, bool v2, bool add) {
  std::string procs = dir + "/cgroup.procs";
  for (int i = 0; i < kMaxCgroups; ++i) {
    if (add) {
      bool expected = false;
      if (g_used[i].compare_exchange_strong(expected, true)) {
        std::snprintf(g_procs[i], kPathMax, "%s", procs.c_str());
        std::snprintf(g_kill[i], kPathMax, "%s", v2 ? (dir + "/cgroup.kill").c_str() : "");
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
    if (g_kill[i][0] != '\0') {
      int fd = ::open(g_kill[i], O_WRONLY | O_CLOEXEC);
      bool killed = fd >= 0 && ::write(fd, "1", 1) == 1;
      if (fd >= 0) ::close(fd);
      if (killed) continue;
    }
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

std::unique_ptr<CaseCgroup> CaseCgroup::Create(int max_processes, int64_t max_memory_bytes,
                                               std::string* why) {
  return Create(MachineCgroups(), max_processes, max_memory_bytes, why);
}

std::unique_ptr<CaseCgroup> CaseCgroup::Create(const CgroupPlace& place, int max_processes,
                                               int64_t max_memory_bytes, std::string* why) {
  static std::atomic<int> counter{0};
  static std::once_flag cleaned;
  if (place.version == CgroupVersion::kNone) {
    if (why) *why = place.why;
    return nullptr;
  }
  std::call_once(cleaned, [&] { RemoveStaleGroups(place); });
  std::unique_ptr<CaseCgroup> cg(new CaseCgroup());
  cg->version_ = place.version;
  cg->max_processes_ = max_processes;
  cg->max_memory_bytes_ = max_memory_bytes;
  cg->caps_processes_ = place.caps_processes;
  cg->caps_memory_ = place.caps_memory;
  std::string name = CgroupName(std::to_string(counter++));
  bool v2 = place.version == CgroupVersion::kV2;
  std::vector<std::string> dirs;
  if (v2) {
    dirs = {place.v2_parent + "/" + name};
    cg->pids_dir_ = cg->memory_dir_ = dirs[0];
  } else {
    cg->pids_dir_ = place.pids_root + "/" + name;
    cg->memory_dir_ = place.memory_root + "/" + name;
    dirs = {cg->pids_dir_, cg->memory_dir_};
  }
  for (const std::string& dir : dirs) {
    if (::mkdir(dir.c_str(), 0755) != 0)
      throw SystemError("cannot create the cgroup " + dir, errno);
    cg->dirs_.push_back(dir);
    cg->procs_files_.push_back(dir + "/cgroup.procs");
    cg->paths_.push_back(CgroupPathOf(dir));
  }
  auto set = [&](const std::string& file, const std::string& value) {
    if (int e = WriteCgroupFile(file, value); e != 0)
      throw SystemError(fmt::format("cannot set {} to {}", file, value), e);
  };
  if (v2) {
    if (place.caps_processes) set(cg->pids_dir_ + "/pids.max", std::to_string(max_processes));
    if (place.caps_memory) {
      set(cg->memory_dir_ + "/memory.max", std::to_string(max_memory_bytes));
      // Absent when the kernel does not account swap: there is none to forbid then.
      if (int e = WriteCgroupFile(cg->memory_dir_ + "/memory.swap.max", "0"); e && e != ENOENT)
        throw SystemError(cg->memory_dir_ + "/memory.swap.max", e);
    }
  } else {
    set(cg->pids_dir_ + "/pids.max", std::to_string(max_processes));
    set(cg->memory_dir_ + "/memory.limit_in_bytes", std::to_string(max_memory_bytes));
    WriteCgroupFile(cg->memory_dir_ + "/memory.memsw.limit_in_bytes",
                    std::to_string(max_memory_bytes));  // no swap here
  }
  Register(cg->dirs_.front(), v2, true);
  return cg;
}

CaseCgroup::~CaseCgroup() {
  KillAll();
  if (dirs_.empty()) return;
  Register(dirs_.front(), version_ == CgroupVersion::kV2, false);
  for (const std::string& dir : dirs_) {
    if (version_ == CgroupVersion::kV2) {
      for (const std::string& d : Subtree(dir)) ::rmdir(d.c_str());
    } else {
      ::rmdir(dir.c_str());
    }
  }
}

bool CaseCgroup::Holds(pid_t pid) const {
  // "hierarchy-id:controllers:path" lines; v2's is "0::path".
  std::istringstream in(ReadCgroupFile("/proc/" + std::to_string(pid) + "/cgroup"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  for (size_t i = 0; i < dirs_.size(); ++i) {
    std::string want;  // the controller that names the hierarchy; "" for v2
    if (version_ == CgroupVersion::kV1) want = dirs_[i] == pids_dir_ ? "pids" : "memory";
    bool found = false;
    for (const std::string& line : lines) {
      size_t a = line.find(':'), b = line.find(':', a + 1);
      if (a == std::string::npos || b == std::string::npos) continue;
      std::string controllers = "," + line.substr(a + 1, b - a - 1) + ",";
      bool hierarchy = want.empty() ? controllers == ",," && line.compare(0, a, "0") == 0
                                    : controllers.find("," + want + ",") != std::string::npos;
      if (hierarchy && line.substr(b + 1) == paths_[i]) found = true;
    }
    if (found) continue;
    // A v1 zombie shows the root of every hierarchy, but stays charged to its pids group
    // until it is reaped: the group's first process, exited, is seen that way.
    return version_ == CgroupVersion::kV1 && lines.size() > 0 &&
           std::atoll(ReadCgroupFile(pids_dir_ + "/pids.current").c_str()) > 0;
  }
  return true;
}

std::vector<pid_t> CaseCgroup::Pids() const {
  if (version_ != CgroupVersion::kV2) return ReadPids(pids_dir_ + "/cgroup.procs");
  std::vector<pid_t> pids;
  for (const std::string& d : Subtree(dirs_.front()))
    for (pid_t p : ReadPids(d + "/cgroup.procs")) pids.push_back(p);
  return pids;
}

bool CaseCgroup::Empty() const {
  if (version_ != CgroupVersion::kV2) return Pids().empty();
  return Counter(ReadCgroupFile(dirs_.front() + "/cgroup.events"), "populated") == 0;
}

bool CaseCgroup::WaitEmpty(std::chrono::milliseconds limit) const {
  // cgroup.events changes wake a poll() for POLLPRI; it is read again from the start.
  Fd events(::open((dirs_.front() + "/cgroup.events").c_str(), O_RDONLY | O_CLOEXEC));
  if (!events) return Empty();
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    char buf[256];
    ssize_t n = ::pread(events.get(), buf, sizeof buf - 1, 0);
    if (n < 0) return Empty();
    if (Counter(std::string(buf, static_cast<size_t>(n)), "populated") == 0) return true;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{events.get(), POLLPRI, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) return Empty();
  }
}

void CaseCgroup::KillAll() {
  if (dirs_.empty()) return;
  if (version_ == CgroupVersion::kV2) {
    if (KillV2(dirs_.front())) ++cgroup_kills_;
    if (WaitEmpty(std::chrono::seconds(2))) return;
  }
  KillUntilGone({[this] { return Pids(); }});
}

bool CaseCgroup::process_limit_hit() const {
  // "max N": forks refused at pids.max (v1 and v2).
  return caps_processes_ && Counter(ReadCgroupFile(pids_dir_ + "/pids.events"), "max") > 0;
}

bool CaseCgroup::memory_limit_hit() const {
  if (!caps_memory_) return false;
  std::string events = ReadCgroupFile(memory_dir_ + "/memory.events");
  if (version_ == CgroupVersion::kV2) return Counter(events, "oom_kill") > 0;
  // A charge the cap refused counts in failcnt; a process the kernel then killed for memory
  // counts only as oom_kill (memory.oom_control).
  return std::atoll(ReadCgroupFile(memory_dir_ + "/memory.failcnt").c_str()) > 0 ||
         Counter(ReadCgroupFile(memory_dir_ + "/memory.oom_control"), "oom_kill") > 0 ||
         Counter(events, "oom_kill") > 0;
}

}  // namespace netgrade::sandbox
