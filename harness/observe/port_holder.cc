#include "harness/observe/port_holder.h"

#include <fmt/core.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "harness/base/file.h"
#include "harness/base/proc.h"
#include "harness/base/sock_diag.h"
#include "harness/base/text.h"
#include "harness/observe/sock_diag.h"

namespace netgrade::observe {
namespace {

// The sockets bound to `port` that count as taking it: listening (TCP) or bound (UDP), and
// held by a process (inode 0: a TIME_WAIT leftover, which no process holds).
std::vector<SocketInfo> SocketsOn(SocketProto proto, uint16_t port) {
  const bool tcp = proto == SocketProto::kTcp;
  std::optional<std::vector<SocketInfo>> found =
      DiagSockets({{proto, tcp ? kListenState : kAnyState, port}});
  if (!found) {
    found.emplace();
    for (const char* table :
         tcp ? std::vector<const char*>{"tcp", "tcp6"} : std::vector<const char*>{"udp", "udp6"})
      for (const ProcNetRow& row : ReadProcNet(std::string("/proc/thread-self/net/") + table))
        found->push_back(FromRow(row, proto));
  }
  std::vector<SocketInfo> out;
  for (SocketInfo& s : *found)
    if (s.local_port == port && s.inode != 0 && (!tcp || s.state == 0x0A))
      out.push_back(std::move(s));
  return out;
}

// The process's command line, its arguments joined by spaces; its name in brackets when it
// has none (a kernel thread, a zombie).
std::string CommandLine(pid_t pid) {
  std::string dir = "/proc/" + std::to_string(pid);
  std::string text = ReadFile(dir + "/cmdline", 4096).value_or("");
  while (!text.empty() && text.back() == '\0') text.pop_back();
  for (char& c : text)
    if (c == '\0') c = ' ';
  if (!text.empty()) return text;
  std::string comm = ReadFile(dir + "/comm", 64).value_or("");
  if (!comm.empty() && comm.back() == '\n') comm.pop_back();
  return "[" + comm + "]";
}

// The process's real uid ("Uid:" in its status file, which anyone may read).
std::optional<uid_t> RealUid(pid_t pid) {
  std::string uids = ProcStatusField(
      ReadFile("/proc/" + std::to_string(pid) + "/status", 8192).value_or(""), "Uid:");
  unsigned long real;
  if (std::istringstream(uids) >> real) return static_cast<uid_t>(real);
  return std::nullopt;
}

}  // namespace

pid_t ProcessHolding(uint64_t inode) {
  const std::string wanted = "socket:[" + std::to_string(inode) + "]";
  for (const std::string& name : DirNames("/proc")) {
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::string dir = "/proc/" + name + "/fd";
    Dir d = OpenDir(dir);
    if (!d) continue;  // another user's process, or gone
    while (dirent* e = ::readdir(d.get())) {
      if (e->d_name[0] == '.') continue;
      char target[64];
      ssize_t n = ::readlink((dir + "/" + e->d_name).c_str(), target, sizeof target - 1);
      if (n <= 0) continue;
      if (wanted.compare(0, std::string::npos, target, static_cast<size_t>(n)) == 0)
        return static_cast<pid_t>(std::atoi(name.c_str()));
    }
  }
  return 0;
}

std::optional<PortHolder> FindPortHolder(SocketProto proto, uint16_t port) {
  std::vector<SocketInfo> on = SocketsOn(proto, port);
  if (on.empty()) return std::nullopt;
  PortHolder h;
  h.proto = proto;
  h.port = port;
  h.socket_uid = on.front().uid;
  h.own = h.socket_uid == ::getuid();
  for (const SocketInfo& s : on) {
    pid_t pid = ProcessHolding(s.inode);
    if (pid == 0) continue;
    h.socket_uid = s.uid;
    h.pid = pid;
    h.command = CommandLine(pid);
    h.process_uid = RealUid(pid).value_or(s.uid);
    h.own = h.process_uid == ::getuid();
    break;
  }
  return h;
}

std::string PortTakenMessage(const PortHolder& holder, const std::string& listener) {
  const std::string head = fmt::format(
      "Port {}, which this exercise's programs use, is taken on this computer by", holder.port);
  const std::string show = fmt::format("{}ss -l{}np 'sport = :{}'", holder.own ? "" : "sudo ",
                                       holder.proto == SocketProto::kTcp ? "t" : "u", holder.port);
  if (holder.pid != 0 && holder.own)
    return fmt::format(
        "{} {} (pid {}, one of your own programs: an earlier run of your {} still running?). "
        "Stop it (kill {}) and check again.",
        head, Quote(holder.command, 80), holder.pid, listener, holder.pid);
  if (holder.pid != 0)
    return fmt::format(
        "{} {} (pid {}, a program of another user, uid {}). No program can use that port here "
        "until it stops: ask its owner or the computer's administrator to stop it (kill {}), "
        "then check again.",
        head, Quote(holder.command, 80), holder.pid, holder.process_uid, holder.pid);
  if (holder.own)
    return fmt::format(
        "{} one of your own programs that netgrade cannot see ({} names it: an earlier run of "
        "your {} still running?). Stop it and check again.",
        head, show, listener);
  return fmt::format(
      "{} another user's program (uid {}; netgrade may not see which). No program can use that "
      "port here until it stops: ask its owner or the computer's administrator to stop it ({} "
      "names it), then check again.",
      head, holder.socket_uid, show);
}

std::string FixedPortTaken(const spec::Spec& spec, const std::set<std::string>& roles) {
  const SocketProto proto =
      spec.protocol == spec::Protocol::kUdp ? SocketProto::kUdp : SocketProto::kTcp;
  std::set<int> looked;
  for (const spec::Role& role : spec.roles) {
    if (role.port_via != spec::PortVia::kFixed || (!roles.empty() && !roles.count(role.name)) ||
        role.fixed_port <= 0 || role.fixed_port > 65535 || !looked.insert(role.fixed_port).second)
      continue;
    std::optional<PortHolder> holder =
        FindPortHolder(proto, static_cast<uint16_t>(role.fixed_port));
    // Held by this process, not by a program of the student's: a caller of the grader (the
    // run/ tests that provoke a grader error so) keeps it for the cases, whose ERROR says so.
    if (!holder || holder->pid == ::getpid()) continue;
    // The role whose own port it is (the server; for a client, the one it connects to).
    std::string listener = "server";
    for (const spec::Role& r : spec.roles)
      if (r.listens && r.port_via == spec::PortVia::kFixed && r.fixed_port == role.fixed_port) {
        listener = r.name;
        break;
      }
    return PortTakenMessage(*holder, listener);
  }
  return "";
}

}  // namespace netgrade::observe
