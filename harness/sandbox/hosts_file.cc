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

namespace {

std::string WriteReadable(const char* prefix, const std::string& text) {
  std::string path = TempTemplate(prefix);
  Fd fd(::mkostemp(path.data(), O_CLOEXEC));
  if (!fd) throw SystemError("mkostemp " + path, errno);
  ::fchmod(fd.get(), 0644);
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    throw SystemError("write " + path, errno);
  return path;
}

}  // namespace

std::string WriteHostsFile(const std::string& peer_host, const std::string& student_host) {
  return WriteReadable("hosts-", "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n" +
                                     peer_host + " hostname servername server netgrade-peer\n" +
                                     student_host + " netgrade-student\n");
}

std::string WriteResolvConf() {
  // One quick try: the answerer is on loopback, so a lost query means there is none.
  return WriteReadable("resolv-", "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
}

}  // namespace netgrade::sandbox
