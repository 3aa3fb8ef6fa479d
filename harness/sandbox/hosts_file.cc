#include "harness/sandbox/hosts_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/sandbox/work_copy.h"

namespace netgrade::sandbox {

std::string WriteHostsFile(const std::string& peer_host, const std::string& student_host) {
  std::string path = TempTemplate("hosts-");
  Fd fd(::mkostemp(path.data(), O_CLOEXEC));
  if (!fd) throw SystemError("mkostemp " + path, errno);
  ::fchmod(fd.get(), 0644);
  std::string text = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n" + peer_host +
                     " hostname servername server netgrade-peer\n" + student_host +
                     " netgrade-student\n";
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    throw SystemError("write " + path, errno);
  return path;
}

}  // namespace netgrade::sandbox
