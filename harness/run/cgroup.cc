#include "harness/run/cgroup.h"

#include <fmt/core.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace netgrade::run {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPidsRoot = "/sys/fs/cgroup/pids";
constexpr const char* kMemoryRoot = "/sys/fs/cgroup/memory";

bool WriteFile(const std::string& path, const std::string& value) {
  std::ofstream out(path);
  out << value;
  out.flush();
  return static_cast<bool>(out);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::unique_ptr<CaseCgroup> CaseCgroup::Create(int max_processes, int64_t max_memory_bytes, std::string* why) {
  static std::atomic<int> counter{0};
  if (::geteuid() != 0) {
    if (why) *why = "not running as root";
    return nullptr;
  }
  if (!fs::exists(fs::path(kPidsRoot) / "cgroup.procs") || !fs::exists(fs::path(kMemoryRoot) / "cgroup.procs")) {
    if (why) *why = "the cgroup v1 pids and memory controllers are not mounted";
    return nullptr;
  }
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
  WriteFile(cg->memory_dir_ + "/memory.memsw.limit_in_bytes", std::to_string(max_memory_bytes));  // no swap here
  return cg;
}

CaseCgroup::~CaseCgroup() {
  KillAll();
  for (const std::string& dir : dirs_) ::rmdir(dir.c_str());
}

std::vector<pid_t> CaseCgroup::Pids() const {
  std::vector<pid_t> pids;
  std::istringstream in(ReadFile(pids_dir_ + "/cgroup.procs"));
  for (pid_t p; in >> p;) pids.push_back(p);
  return pids;
}

void CaseCgroup::KillAll() {
  // A process killed with SIGKILL cannot fork any more, so each round leaves only children
  // born during it; the cap on processes bounds how many such rounds there can be. Each
  // round waits (bounded) for the killed to be gone, observed through pidfds.
  for (int round = 0; round < 20; ++round) {
    std::vector<pid_t> pids = Pids();
    if (pids.empty()) return;
    std::vector<pollfd> fds;
    for (pid_t p : pids) {
      int fd = static_cast<int>(::syscall(SYS_pidfd_open, p, 0));
      ::kill(p, SIGKILL);
      if (fd >= 0) fds.push_back({fd, POLLIN, 0});
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (pollfd& f : fds) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() > 0) ::poll(&f, 1, static_cast<int>(left.count()));
      ::close(f.fd);
    }
  }
}

bool CaseCgroup::process_limit_hit() const {
  std::string events = ReadFile(pids_dir_ + "/pids.events");  // "max N"
  size_t at = events.find("max ");
  return at != std::string::npos && std::atoll(events.c_str() + at + 4) > 0;
}

bool CaseCgroup::memory_limit_hit() const {
  return std::atoll(ReadFile(memory_dir_ + "/memory.failcnt").c_str()) > 0;
}

}  // namespace netgrade::run
