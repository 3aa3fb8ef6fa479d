#include "harness/base/proc.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "harness/base/fd.h"
#include "harness/base/file.h"

namespace netgrade {
namespace {

// "0100007F:1F90" (v4) or 32 hex digits (v6), each 32-bit word in host byte order.
bool ParseAddress(const std::string& field, bool v6, std::string* host, uint16_t* port) {
  size_t colon = field.find(':');
  if (colon == std::string::npos || colon != (v6 ? 32u : 8u)) return false;
  *port = static_cast<uint16_t>(std::strtoul(field.c_str() + colon + 1, nullptr, 16));
  char buf[INET6_ADDRSTRLEN] = {};
  if (!v6) {
    in_addr a{};
    a.s_addr = static_cast<uint32_t>(std::strtoul(field.substr(0, 8).c_str(), nullptr, 16));
    ::inet_ntop(AF_INET, &a, buf, sizeof buf);
  } else {
    in6_addr a{};
    for (int w = 0; w < 4; ++w) {
      uint32_t word =
          static_cast<uint32_t>(std::strtoul(field.substr(w * 8, 8).c_str(), nullptr, 16));
      std::memcpy(&a.s6_addr[w * 4], &word, 4);
    }
    ::inet_ntop(AF_INET6, &a, buf, sizeof buf);
  }
  *host = buf;
  return true;
}

}  // namespace

std::vector<pid_t> DescendantsOf(pid_t root) {
  std::vector<pid_t> out;
  if (::kill(root, 0) != 0 && errno == ESRCH) return out;
  out.push_back(root);
  for (size_t i = 0; i < out.size(); ++i)
    for (pid_t child : ChildrenOf(out[i])) out.push_back(child);
  return out;
}

std::vector<pid_t> ChildrenOf(pid_t pid) {
  std::vector<pid_t> out;
  std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const std::string& task : DirNames(tasks)) {
    std::istringstream in(ReadFile(tasks + "/" + task + "/children").value_or(""));
    for (pid_t child; in >> child;) out.push_back(child);
  }
  return out;
}

std::string ProcStatusField(const std::string& status, const std::string& key) {
  size_t at = status.find("\n" + key);
  if (at == std::string::npos) return "";
  at += key.size() + 1;
  size_t end = status.find('\n', at);
  std::string value = status.substr(at, end == std::string::npos ? end : end - at);
  size_t first = value.find_first_not_of(" \t");
  return first == std::string::npos ? "" : value.substr(first);
}

int TasksOfUser(uid_t uid, const std::string& proc) {
  int tasks = 0;
  for (const std::string& name : DirNames(proc)) {
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::optional<std::string> status = ReadFile(proc + "/" + name + "/status", 8192);
    if (!status) continue;
    // "Uid:\t<real>\t<effective>..." and "Threads:\t<n>".
    std::string uids = ProcStatusField(*status, "Uid:");
    std::string threads = ProcStatusField(*status, "Threads:");
    if (uids.empty() || threads.empty()) continue;
    if (std::strtoul(uids.c_str(), nullptr, 10) != uid) continue;
    tasks += std::max(1, std::atoi(threads.c_str()));
  }
  return tasks;
}

std::optional<ProcStat> ParseProcStat(const std::string& text) {
  size_t close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  ProcStat s;
  if (std::sscanf(text.c_str() + close + 1, " %c %d", &s.state, &s.ppid) != 2) return std::nullopt;
  return s;
}

std::optional<ProcStat> ReadProcStat(const std::string& stat_path) {
  std::optional<std::string> text = ReadFile(stat_path, 4096);
  return text ? ParseProcStat(*text) : std::nullopt;
}

std::optional<SchedStat> ParseSchedStat(const std::string& schedstat_text) {
  std::istringstream in(schedstat_text);
  SchedStat s;
  if (!(in >> s.on_cpu_ns >> s.waiting_ns) || s.on_cpu_ns < 0 || s.waiting_ns < 0)
    return std::nullopt;
  return s;
}

std::vector<SchedStat> ThreadSchedStats(const std::vector<pid_t>& pids) {
  std::vector<SchedStat> out;
  for (pid_t pid : pids) {
    std::error_code ec;
    for (const auto& task :
         std::filesystem::directory_iterator(fmt::format("/proc/{}/task", pid), ec))
      if (std::optional<std::string> text = ReadFile((task.path() / "schedstat").string(), 256))
        if (std::optional<SchedStat> s = ParseSchedStat(*text)) out.push_back(*s);
  }
  return out;
}

std::optional<int64_t> ParseRunDelayNs(const std::string& schedstat_text) {
  std::optional<SchedStat> s = ParseSchedStat(schedstat_text);
  return s ? std::optional<int64_t>(s->waiting_ns) : std::nullopt;
}

std::optional<int64_t> ReadRunDelayNs(pid_t pid) {
  std::optional<std::string> text = ReadFile(fmt::format("/proc/{}/schedstat", pid), 256);
  return text ? ParseRunDelayNs(*text) : std::nullopt;
}

std::optional<int64_t> ThisThreadRunDelayNs() {
  std::optional<std::string> text = ReadFile("/proc/thread-self/schedstat", 256);
  return text ? ParseRunDelayNs(*text) : std::nullopt;
}

int64_t LongestRunDelayNs(const std::vector<pid_t>& pids) {
  int64_t most = 0;
  for (const SchedStat& s : ThreadSchedStats(pids)) most = std::max(most, s.waiting_ns);
  return most;
}

std::vector<ProcNetRow> ParseProcNet(const std::string& text, bool ipv6) {
  std::vector<ProcNetRow> out;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);                                          // the header
  const bool has_drops = line.find("drops") != std::string::npos;  // udp, udp6
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string slot, local, remote, state, queues, timer, retr, uid, timeout, inode;
    f >> slot >> local >> remote >> state >> queues >> timer >> retr >> uid >> timeout >> inode;
    std::string ref, pointer, drops;
    if (has_drops) f >> ref >> pointer >> drops;
    ProcNetRow r;
    r.ipv6 = ipv6;
    size_t colon = queues.find(':');
    if (inode.empty() || colon == std::string::npos ||
        !ParseAddress(local, ipv6, &r.local_address, &r.local_port) ||
        !ParseAddress(remote, ipv6, &r.remote_address, &r.remote_port))
      continue;
    r.state = static_cast<int>(std::strtol(state.c_str(), nullptr, 16));
    r.tx_queue = std::strtol(queues.substr(0, colon).c_str(), nullptr, 16);
    r.rx_queue = std::strtol(queues.c_str() + colon + 1, nullptr, 16);
    r.uid = static_cast<uid_t>(std::strtoul(uid.c_str(), nullptr, 10));
    r.inode = std::strtoull(inode.c_str(), nullptr, 10);
    if (has_drops) r.drops = std::strtoull(drops.c_str(), nullptr, 10);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ProcNetRow> ReadProcNet(const std::string& path) {
  bool v6 = !path.empty() && path.back() == '6';
  std::optional<std::string> text = ReadFile(path, 64 << 20);
  return text ? ParseProcNet(*text, v6) : std::vector<ProcNetRow>{};
}

bool PacketsInBacklog(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  bool any = false;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string x; fields >> x;) f.push_back(x);
    if (f.size() < 13) return true;  // no backlog column: it cannot be told
    any = true;
    if (std::strtoul(f[11].c_str(), nullptr, 16) != 0) return true;
  }
  return !any;
}

bool PacketsInBacklog() {
  // Looked at after every burst of activity: the file stays open (one per thread) and is read
  // again from its start, which makes the kernel write it anew. Its counts are the machine's,
  // whichever namespace's /proc/net it was opened through. A file opened through a namespace
  // that is gone since reads as EIO from then on (which said "in flight" at every look): it is
  // opened again. (/proc/net is the namespace of the process's first thread, which never
  // enters a case's: sandbox::OffTheFirstThread.)
  static thread_local Fd file;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!file || attempt > 0) file.Reset(::open("/proc/net/softnet_stat", O_RDONLY | O_CLOEXEC));
    if (!file || ::lseek(file.get(), 0, SEEK_SET) != 0) continue;
    if (std::optional<std::string> text = ReadRest(file.get(), 1 << 16); text && !text->empty())
      return PacketsInBacklog(*text);
  }
  return true;
}

}  // namespace netgrade
