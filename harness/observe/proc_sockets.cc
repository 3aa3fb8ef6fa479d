#include "harness/observe/proc_sockets.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>

namespace netgrade::observe {
namespace {

// The socket inodes a process holds, from its /proc/<pid>/fd links "socket:[inode]".
std::set<uint64_t> SocketInodes(pid_t pid) {
  std::set<uint64_t> out;
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.') continue;
    char target[64];
    std::string link = dir + "/" + e->d_name;
    ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
    if (n <= 0) continue;
    target[n] = '\0';
    if (std::strncmp(target, "socket:[", 8) == 0)
      out.insert(std::strtoull(target + 8, nullptr, 10));
  }
  ::closedir(d);
  return out;
}

// "0100007F:1F90" (v4) or 32 hex digits (v6), each 32-bit word in host byte order.
void ParseAddress(const std::string& field, bool v6, std::string* host, uint16_t* port) {
  size_t colon = field.find(':');
  std::string hex = field.substr(0, colon);
  *port = static_cast<uint16_t>(std::strtoul(field.c_str() + colon + 1, nullptr, 16));
  char buf[INET6_ADDRSTRLEN] = {};
  if (!v6) {
    in_addr a{};
    a.s_addr = static_cast<uint32_t>(std::strtoul(hex.c_str(), nullptr, 16));
    ::inet_ntop(AF_INET, &a, buf, sizeof buf);
  } else {
    in6_addr a{};
    for (int w = 0; w < 4; ++w) {
      uint32_t word =
          static_cast<uint32_t>(std::strtoul(hex.substr(w * 8, 8).c_str(), nullptr, 16));
      std::memcpy(&a.s6_addr[w * 4], &word, 4);
    }
    ::inet_ntop(AF_INET6, &a, buf, sizeof buf);
  }
  *host = buf;
}

void ReadTable(pid_t pid, const char* table, SocketProto proto, bool v6,
               const std::unordered_map<uint64_t, pid_t>& wanted, std::vector<SocketInfo>* out) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/net/" + table);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string slot, local, remote, state, queues, timer, retr, uid, timeout, inode;
    f >> slot >> local >> remote >> state >> queues >> timer >> retr >> uid >> timeout >> inode;
    if (inode.empty()) continue;
    uint64_t ino = std::strtoull(inode.c_str(), nullptr, 10);
    auto it = wanted.find(ino);
    if (it == wanted.end()) continue;
    SocketInfo s;
    s.proto = proto;
    s.ipv6 = v6;
    ParseAddress(local, v6, &s.local_address, &s.local_port);
    ParseAddress(remote, v6, &s.remote_address, &s.remote_port);
    s.state = static_cast<int>(std::strtol(state.c_str(), nullptr, 16));
    s.inode = ino;
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
    ReadTable(pid, "tcp", SocketProto::kTcp, false, inodes, &out);
    ReadTable(pid, "tcp6", SocketProto::kTcp, true, inodes, &out);
    ReadTable(pid, "udp", SocketProto::kUdp, false, inodes, &out);
    ReadTable(pid, "udp6", SocketProto::kUdp, true, inodes, &out);
  }
  return out;
}

}  // namespace netgrade::observe
