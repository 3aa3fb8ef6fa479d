#include "harness/observe/proc_sockets.h"

#include <linux/capability.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>

#include "harness/base/file.h"
#include "harness/base/proc.h"

namespace netgrade::observe {
namespace {

bool Denied(int e) { return e == EACCES || e == EPERM; }

// The socket inodes a process holds, from its /proc/<pid>/fd links "socket:[inode]";
// nullopt when the grader may not read them (another user's process, no CAP_SYS_PTRACE).
std::optional<std::set<uint64_t>> SocketInodes(pid_t pid) {
  std::set<uint64_t> out;
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  Dir d = OpenDir(dir);
  if (!d) {
    if (Denied(errno)) return std::nullopt;
    return out;  // gone
  }
  while (dirent* e = ::readdir(d.get())) {
    if (e->d_name[0] == '.') continue;
    char target[64];
    std::string link = dir + "/" + e->d_name;
    ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
    if (n < 0 && Denied(errno)) return std::nullopt;
    if (n <= 0) continue;
    target[n] = '\0';
    if (std::strncmp(target, "socket:[", 8) == 0)
      out.insert(std::strtoull(target + 8, nullptr, 10));
  }
  return out;
}

// The user a process's new sockets belong to: its file-system uid ("Uid:" real, effective,
// saved, fs in /proc/<pid>/status, which anyone may read).
std::optional<uid_t> SocketOwner(pid_t pid) {
  std::istringstream uids(ProcStatusField(
      ReadFile("/proc/" + std::to_string(pid) + "/status", 8192).value_or(""), "Uid:"));
  unsigned long real, effective, saved, fs;
  if (uids >> real >> effective >> saved >> fs) return static_cast<uid_t>(fs);
  return std::nullopt;
}

// What makes a socket the program's: an inode seen in its descriptors, or its owner.
struct Wanted {
  std::unordered_map<uint64_t, pid_t> inodes;
  std::map<uid_t, pid_t> owners;
};

Wanted WantedOf(const std::vector<pid_t>& pids) {
  Wanted wanted;
  for (pid_t pid : pids) {
    if (std::optional<std::set<uint64_t>> inodes = SocketInodes(pid)) {
      for (uint64_t ino : *inodes) wanted.inodes.emplace(ino, pid);
    } else if (std::optional<uid_t> owner = SocketOwner(pid); owner && *owner != ::geteuid()) {
      wanted.owners.emplace(*owner, pid);
    }
  }
  return wanted;
}

// The process holding the socket `inode` owned by `uid`, by `wanted`'s rules (0: none), and
// whether it was found by its owner.
pid_t Holder(const Wanted& wanted, uint64_t inode, uid_t uid, bool* by_owner) {
  *by_owner = false;
  if (auto it = wanted.inodes.find(inode); it != wanted.inodes.end()) return it->second;
  if (auto it = wanted.owners.find(uid); it != wanted.owners.end()) {
    *by_owner = true;
    return it->second;
  }
  return 0;
}

void ReadTable(pid_t pid, const char* table, SocketProto proto, const Wanted& wanted,
               std::set<uint64_t>* seen, std::vector<SocketInfo>* out) {
  for (const ProcNetRow& row : ReadProcNet("/proc/" + std::to_string(pid) + "/net/" + table)) {
    if (row.inode == 0 || seen->count(row.inode)) continue;  // held by no process; or read
    SocketInfo s = FromRow(row, proto);
    s.pid = Holder(wanted, row.inode, row.uid, &s.by_owner);
    if (s.pid == 0) continue;
    seen->insert(row.inode);
    out->push_back(s);
  }
}

}  // namespace

bool InputPending(const std::vector<SocketInfo>& sockets) {
  for (const SocketInfo& s : sockets)
    if (s.rx_queue > 0) return true;
  return false;
}

SocketInfo FromRow(const ProcNetRow& row, SocketProto proto) {
  SocketInfo s;
  s.proto = proto;
  s.ipv6 = row.ipv6;
  s.local_address = row.local_address;
  s.local_port = row.local_port;
  s.remote_address = row.remote_address;
  s.remote_port = row.remote_port;
  s.state = row.state;
  s.inode = row.inode;
  s.rx_queue = row.rx_queue;
  s.tx_queue = row.tx_queue;
  s.uid = row.uid;
  return s;
}

std::vector<SocketInfo> SocketsOf(const std::vector<pid_t>& pids) {
  std::vector<SocketInfo> out;
  Wanted wanted = WantedOf(pids);
  if (wanted.inodes.empty() && wanted.owners.empty()) return out;
  // Processes of one program share a namespace almost always; read each namespace's tables
  // once, through the first process seen in it. A namespace the grader may not name (another
  // user's process) is read through each such process; a socket read twice counts once.
  std::set<std::string> namespaces;
  std::set<uint64_t> seen;
  for (pid_t pid : pids) {
    char ns[64] = {};
    std::string link = "/proc/" + std::to_string(pid) + "/ns/net";
    if (::readlink(link.c_str(), ns, sizeof ns - 1) <= 0) {
      if (!Denied(errno)) continue;  // gone
    } else if (!namespaces.insert(ns).second) {
      continue;
    }
    ReadTable(pid, "tcp", SocketProto::kTcp, wanted, &seen, &out);
    ReadTable(pid, "tcp6", SocketProto::kTcp, wanted, &seen, &out);
    ReadTable(pid, "udp", SocketProto::kUdp, wanted, &seen, &out);
    ReadTable(pid, "udp6", SocketProto::kUdp, wanted, &seen, &out);
  }
  return out;
}

std::vector<SocketInfo> HeldBy(const std::vector<pid_t>& pids, std::vector<SocketInfo> sockets) {
  std::vector<SocketInfo> out;
  bool any =
      std::any_of(sockets.begin(), sockets.end(), [](const SocketInfo& s) { return s.inode != 0; });
  if (!any) return out;  // nothing to match: the program's descriptors are not read
  Wanted wanted = WantedOf(pids);
  for (SocketInfo& s : sockets) {
    if (s.inode == 0) continue;
    s.pid = Holder(wanted, s.inode, s.uid, &s.by_owner);
    if (s.pid != 0) out.push_back(std::move(s));
  }
  return out;
}

bool ReadsOtherUsersDescriptors() {
  if (::geteuid() != 0) return true;  // the program runs as the grader's own user
  std::istringstream in(ReadFile("/proc/self/status", 8192).value_or(""));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("CapEff:", 0) == 0)
      return (std::strtoull(line.c_str() + 7, nullptr, 16) >> CAP_SYS_PTRACE) & 1;
  return false;
}

}  // namespace netgrade::observe
