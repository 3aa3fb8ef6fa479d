#include "harness/run/case_setup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "harness/run/submission.h"
#include "harness/sys/error.h"

namespace netgrade::run {

std::vector<std::string> Argv(const Program& program, const spec::Role& role,
                              const std::string& host, uint16_t port) {
  std::vector<std::string> argv = program.command_prefix;
  argv.push_back(program.path.string());
  for (std::string arg : role.argv) {
    for (auto [key, value] :
         {std::pair<std::string, std::string>{"{host}", host}, {"{port}", std::to_string(port)}}) {
      for (size_t at = arg.find(key); at != std::string::npos;
           at = arg.find(key, at + value.size()))
        arg.replace(at, key.size(), value);
    }
    argv.push_back(arg);
  }
  return argv;
}

std::string StdinData(const spec::Case& test) {
  std::string data;
  for (const std::string& line : test.stdin_lines) data += line + "\n";
  return data;
}

bool ListeningOn(const std::vector<net::SocketInfo>& sockets, spec::Protocol protocol,
                 uint16_t port) {
  net::SocketProto want =
      protocol == spec::Protocol::kTcp ? net::SocketProto::kTcp : net::SocketProto::kUdp;
  for (const net::SocketInfo& s : sockets)
    if (s.listening() && s.proto == want && s.local_port == port) return true;
  return false;
}

bool ListensOnlyOnLoopback(const std::vector<net::SocketInfo>& sockets, uint16_t port) {
  bool any = false;
  for (const net::SocketInfo& s : sockets) {
    if (!s.listening() || s.local_port != port) continue;
    if (!s.loopback_only()) return false;
    any = true;
  }
  return any;
}

std::string WriteHostsFile(const std::string& peer_host, const std::string& student_host) {
  std::string path = TempTemplate("hosts-");
  int fd = ::mkstemp(path.data());
  if (fd < 0) throw SystemError("mkstemp " + path, errno);
  ::fchmod(fd, 0644);
  ::close(fd);
  std::ofstream out(path, std::ios::trunc);
  out << "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n"
      << peer_host << " hostname servername server netgrade-peer\n"
      << student_host << " netgrade-student\n";
  return path;
}

}  // namespace netgrade::run
