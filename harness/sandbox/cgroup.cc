#include "harness/sandbox/cgroup.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>
#include <sstream>
#include <utility>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/file.h"
#include "harness/sandbox/cgroup_owner.h"
#include "harness/sandbox/kill.h"

namespace netgrade::sandbox {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPidsRoot = "/sys/fs/cgroup/pids";
constexpr const char* kMemoryRoot = "/sys/fs/cgroup/memory";

std::string ReadFile(const std::string& path) { return netgrade::ReadFile(path).value_or(""); }

// Writes a cgroup interface file (never creating it); 0 or the errno of the failure.
int WriteCgroupFile(const std::string& path, const std::string& text) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) return errno;
  ssize_t n = ::write(fd.get(), text.data(), text.size());
  if (n < 0) return errno;
  return n == static_cast<ssize_t>(text.size()) ? 0 : EIO;
}

std::set<std::string> Words(const std::string& text) {
  std::istringstream in(text);
  std::set<std::string> out;
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

// A cgroup file system mounted here: where, and which cgroup is at its top.
struct CgroupMount {
  std::string root;   // "/" unless a subtree is mounted
  std::string point;  // "/sys/fs/cgroup", "/sys/fs/cgroup/unified", ...
  bool v2 = false;
};

std::vector<CgroupMount> CgroupMounts() {
  std::vector<CgroupMount> out;
  std::istringstream in(ReadFile("/proc/self/mountinfo"));
  for (std::string line; std::getline(in, line);) {
    std::istringstream f(line);
    std::string id, parent, dev, root, point;
    f >> id >> parent >> dev >> root >> point;
    size_t dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::istringstream rest(line.substr(dash + 3));
    std::string type;
    rest >> type;
    if (type == "cgroup" || type == "cgroup2") out.push_back({root, point, type == "cgroup2"});
  }
  return out;
}

bool Under(const std::string& path, const std::string& dir) {
  return path == dir || (path.rfind(dir, 0) == 0 && (dir == "/" || path[dir.size()] == '/'));
}

// The cgroup a directory of a mounted hierarchy is, as /proc/<pid>/cgroup names it.
// The mounts are read once (a case's cgroup is made under the same ones each time), and again
// when none holds `dir` (a hierarchy mounted since: a test's).
std::string CgroupPathOf(const std::string& dir) {
  static std::mutex mutex;
  static std::vector<CgroupMount> mounts;
  std::lock_guard<std::mutex> lock(mutex);
  auto best_of = [&]() -> const CgroupMount* {
    const CgroupMount* best = nullptr;
    for (const CgroupMount& m : mounts)
      if (Under(dir, m.point) && (!best || m.point.size() > best->point.size())) best = &m;
    return best;
  };
  const CgroupMount* best = best_of();
  if (!best) {
    mounts = CgroupMounts();
    best = best_of();
  }
  if (!best) return dir;
  std::string below = dir.substr(best->point.size());
  std::string path = best->root == "/" ? below : best->root + below;
  return path.empty() ? "/" : path;
}

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

std::vector<pid_t> ReadPids(const std::string& procs_file) {
  std::vector<pid_t> pids;
  std::istringstream in(ReadFile(procs_file));
  for (pid_t p; in >> p;) pids.push_back(p);
  return pids;
}

// A v2 group and the groups below it (a program running as the grader's user may make
// some), deepest first.
std::vector<std::string> Subtree(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->is_directory(ec)) out.push_back(it->path().string());
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  out.push_back(dir);
  return out;
}

// SIGKILL to everything in a v2 group: cgroup.kill (Linux 5.14; true), else pid by pid.
bool KillV2(const std::string& dir) {
  if (WriteCgroupFile(dir + "/cgroup.kill", "1") == 0) return true;
  for (const std::string& d : Subtree(dir))
    for (pid_t p : ReadPids(d + "/cgroup.procs")) ::kill(p, SIGKILL);
  return false;
}

// Groups left by a netgrade that was killed (cgroup_owner.h). Emptied, removed.
void RemoveStaleGroups(const CgroupPlace& place) {
  std::vector<std::pair<std::string, bool>> parents;  // (directory, v2)
  if (place.version == CgroupVersion::kV1)
    parents = {{place.pids_root, false}, {place.memory_root, false}};
  if (place.version == CgroupVersion::kV2) parents = {{place.v2_parent, true}};
  for (const auto& [parent, v2] : parents) {
    for (const std::string& name : DirNames(parent)) {
      if (!OwnerIsGone(name)) continue;
      std::string dir = parent + "/" + name;
      if (v2) {
        KillV2(dir);
        for (const std::string& d : Subtree(dir)) ::rmdir(d.c_str());
      } else {
        for (pid_t p : ReadPids(dir + "/cgroup.procs")) ::kill(p, SIGKILL);
        ::rmdir(dir.c_str());  // fails while a killed process is still leaving; next time
      }
    }
  }
}

// Enables `controller` for the groups below `parent`; 0 or the errno. A cgroup that holds
// processes cannot (EBUSY) unless it is the root: when the grader is alone in it, it moves
// into a leaf of its own (CgroupName("grader")) first.
int EnableController(const std::string& parent, const std::string& controller) {
  if (Words(ReadFile(parent + "/cgroup.subtree_control")).count(controller)) return 0;
  if (!Words(ReadFile(parent + "/cgroup.controllers")).count(controller)) return ENOENT;
  int e = WriteCgroupFile(parent + "/cgroup.subtree_control", "+" + controller);
  if (e != EBUSY) return e;
  std::vector<pid_t> here = ReadPids(parent + "/cgroup.procs");
  if (here != std::vector<pid_t>{::getpid()}) return e;
  std::string leaf = parent + "/" + CgroupName("grader");
  if (::mkdir(leaf.c_str(), 0755) != 0 && errno != EEXIST) return e;
  if (WriteCgroupFile(leaf + "/cgroup.procs", std::to_string(::getpid())) != 0) return e;
  return WriteCgroupFile(parent + "/cgroup.subtree_control", "+" + controller);
}

// The grader's own cgroup in the cgroup2 hierarchy, as a directory; "" when there is none.
std::string OwnV2Cgroup(const CgroupMount& mount) {
  std::istringstream in(ReadFile("/proc/self/cgroup"));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("0::", 0) != 0) continue;
    std::string path = line.substr(3);
    if (!Under(path, mount.root)) return "";
    std::string below = mount.root == "/" ? path : path.substr(mount.root.size());
    return below == "/" ? mount.point : mount.point + below;
  }
  return "";
}

int64_t Counter(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string name;
  for (int64_t value; in >> name >> value;)
    if (name == key) return value;
  return 0;
}

}  // namespace

const char* CgroupVersionName(CgroupVersion v) {
  switch (v) {
    case CgroupVersion::kV1:
      return "v1";
    case CgroupVersion::kV2:
      return "v2";
    case CgroupVersion::kNone:
      break;
  }
  return "none";
}

CgroupPlace CgroupV2At(const std::string& parent) {
  CgroupPlace p;
  p.v2_parent = parent;
  if (!fs::exists(fs::path(parent) / "cgroup.subtree_control")) {
    p.why = fmt::format("{} is not a cgroup2 directory", parent);
    return p;
  }
  if (::access(parent.c_str(), W_OK) != 0 ||
      ::access((parent + "/cgroup.procs").c_str(), W_OK) != 0) {
    p.why = fmt::format("{} is not writable ({})", parent, std::strerror(errno));
    return p;
  }
  p.version = CgroupVersion::kV2;
  int pids = EnableController(parent, "pids");
  int memory = EnableController(parent, "memory");
  p.caps_processes = pids == 0;
  p.caps_memory = memory == 0;
  std::vector<std::string> missing;
  for (auto [name, e] : {std::pair{"pids", pids}, std::pair{"memory", memory}})
    if (e != 0)
      missing.push_back(fmt::format("{} ({})", name,
                                    e == ENOENT  ? "not delegated"
                                    : e == EBUSY ? "the grader's cgroup holds other processes"
                                                 : std::strerror(e)));
  if (!missing.empty())
    p.why = fmt::format("cgroup v2 at {} without the {} controller{}", parent,
                        missing.size() == 1 ? missing[0] : missing[0] + " and " + missing[1],
                        missing.size() == 1 ? "" : "s");
  return p;
}

CgroupPlace ProbeCgroups() {
  if (const char* root = std::getenv("NETGRADE_CGROUP_ROOT"); root && *root) {
    CgroupPlace p = CgroupV2At(root);
    if (p.version == CgroupVersion::kNone) p.why = "NETGRADE_CGROUP_ROOT: " + p.why;
    return p;
  }
  CgroupPlace v2;
  v2.why = "no cgroup2 hierarchy mounted";
  for (const CgroupMount& m : CgroupMounts()) {
    if (!m.v2) continue;
    std::string own = OwnV2Cgroup(m);
    if (own.empty()) continue;
    v2 = CgroupV2At(own);
    break;
  }
  if (v2.full()) return v2;
  CgroupPlace v1;
  v1.pids_root = kPidsRoot;
  v1.memory_root = kMemoryRoot;
  if (!fs::exists(fs::path(kPidsRoot) / "cgroup.procs") ||
      !fs::exists(fs::path(kMemoryRoot) / "cgroup.procs")) {
    v1.why = "the cgroup v1 pids and memory controllers are not mounted";
  } else if (::geteuid() != 0) {
    v1.why = "cgroup v1 needs root";
  } else if (::access(kPidsRoot, W_OK) != 0 || ::access(kMemoryRoot, W_OK) != 0) {
    v1.why = fmt::format("cgroup v1 is not writable ({})", std::strerror(errno));
  } else {
    v1.version = CgroupVersion::kV1;
    v1.caps_processes = v1.caps_memory = true;
    return v1;
  }
  if (v2.version == CgroupVersion::kV2) return v2;  // tracks and kills; no caps
  CgroupPlace none;
  none.why = v2.why + "; " + v1.why;
  return none;
}

const CgroupPlace& MachineCgroups() {
  static const CgroupPlace place = ProbeCgroups();
  return place;
}

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
  std::istringstream in(ReadFile("/proc/" + std::to_string(pid) + "/cgroup"));
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
           std::atoll(ReadFile(pids_dir_ + "/pids.current").c_str()) > 0;
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
  return Counter(ReadFile(dirs_.front() + "/cgroup.events"), "populated") == 0;
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
  return caps_processes_ && Counter(ReadFile(pids_dir_ + "/pids.events"), "max") > 0;
}

bool CaseCgroup::memory_limit_hit() const {
  if (!caps_memory_) return false;
  std::string events = ReadFile(memory_dir_ + "/memory.events");
  if (version_ == CgroupVersion::kV2) return Counter(events, "oom_kill") > 0;
  // A charge the cap refused counts in failcnt; a process the kernel then killed for memory
  // counts only as oom_kill (memory.oom_control).
  return std::atoll(ReadFile(memory_dir_ + "/memory.failcnt").c_str()) > 0 ||
         Counter(ReadFile(memory_dir_ + "/memory.oom_control"), "oom_kill") > 0 ||
         Counter(events, "oom_kill") > 0;
}

}  // namespace netgrade::sandbox
