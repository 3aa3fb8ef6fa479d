#include "harness/sandbox/hosts_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>

#include "harness/base/error.h"
#include "harness/sandbox/work_copy.h"

namespace netgrade::sandbox {

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

}  // namespace netgrade::sandbox
