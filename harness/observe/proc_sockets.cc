#include "harness/observe/proc_sockets.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <unordered_map>

#include "harness/base/file.h"
#include "harness/base/proc.h"

namespace netgrade::observe {
namespace {

// The socket inodes a process holds, from its /proc/<pid>/fd links "socket:[inode]".
std::set<uint64_t> SocketInodes(pid_t pid) {
  std::set<uint64_t> out;
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  for (const std::string& name : DirNames(dir)) {
    char target[64];
    std::string link = dir + "/" + name;
    ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
    if (n <= 0) continue;
    target[n] = '\0';
    if (std::strncmp(target, "socket:[", 8) == 0)
      out.insert(std::strtoull(target + 8, nullptr, 10));
  }
  return out;
}

void ReadTable(pid_t pid, const char* table, SocketProto proto,
               const std::unordered_map<uint64_t, pid_t>& wanted, std::vector<SocketInfo>* out) {
  for (const ProcNetRow& row : ReadProcNet("/proc/" + std::to_string(pid) + "/net/" + table)) {
    auto it = wanted.find(row.inode);
    if (it == wanted.end()) continue;
    SocketInfo s;
    s.proto = proto;
    s.ipv6 = row.ipv6;
    s.local_address = row.local_address;
    s.local_port = row.local_port;
    s.remote_address = row.remote_address;
    s.remote_port = row.remote_port;
    s.state = row.state;
    s.inode = row.inode;
    s.pid = it->second;
    out->push_back(s);
  }
}

}  // namespace

bool SocketInfo::listening() const {
  if (proto == SocketProto::kTcp) return state == 0x0A;
  return remote_port == 0 && local_port != 0;
}

bool SocketInfo::loopback_only() const {
  if (!ipv6) return local_address.rfind("127.", 0) == 0;
  return local_address == "::1" || local_address.rfind("::ffff:127.", 0) == 0;
}

std::vector<SocketInfo> SocketsOf(const std::vector<pid_t>& pids) {
  std::vector<SocketInfo> out;
  // Processes of one program share a namespace almost always; read each namespace's tables
  // once, through the first process seen in it.
  std::unordered_map<uint64_t, pid_t> inodes;
  for (pid_t pid : pids)
    for (uint64_t ino : SocketInodes(pid)) inodes.emplace(ino, pid);
  if (inodes.empty()) return out;
  std::set<std::string> namespaces;
  for (pid_t pid : pids) {
    char ns[64] = {};
    std::string link = "/proc/" + std::to_string(pid) + "/ns/net";
    if (::readlink(link.c_str(), ns, sizeof ns - 1) <= 0) continue;
    if (!namespaces.insert(ns).second) continue;
    ReadTable(pid, "tcp", SocketProto::kTcp, inodes, &out);
    ReadTable(pid, "tcp6", SocketProto::kTcp, inodes, &out);
    ReadTable(pid, "udp", SocketProto::kUdp, inodes, &out);
    ReadTable(pid, "udp6", SocketProto::kUdp, inodes, &out);
  }
  return out;
}

}  // namespace netgrade::observe
