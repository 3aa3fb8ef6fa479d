#include "harness/sandbox/hosts_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/seed.h"
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

std::string WriteHostsFile(const std::string& peer_host, const std::string& student_host,
                           const std::string& student_name) {
  return WriteReadable("hosts-", "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n" +
                                     peer_host + " hostname servername server netgrade-peer\n" +
                                     student_host + " " + student_name + "\n");
}

std::string WriteSharedHostsFile(const std::string& machine_hosts, const std::string& peer_host) {
  std::string text = machine_hosts;
  if (!text.empty() && text.back() != '\n') text += '\n';
  return WriteReadable("hosts-", text + "# netgrade: the textbook's placeholder names\n" +
                                     peer_host + " hostname servername server netgrade-peer\n");
}

std::string CaseHostName(uint64_t case_seed) {
  static const char* const kNames[] = {"ubuntu",     "debian",    "raspberrypi", "kali",
                                       "fedora",     "archlinux", "lab-pc",      "student-pc",
                                       "my-laptop",  "DESKTOP",   "LAPTOP",      "MacBook-Pro",
                                       "VirtualBox", "devbox",    "workstation"};
  constexpr uint64_t kCount = sizeof kNames / sizeof kNames[0];
  uint64_t x = SplitMix(case_seed ^ 0x686f7374ull);  // "host"
  std::string name = kNames[x % kCount];
  x = SplitMix(x);
  if (name == "DESKTOP" || name == "LAPTOP") {
    // Windows's own: DESKTOP-7QK2M1A.
    static const char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    name += '-';
    for (int i = 0; i < 7; ++i, x = SplitMix(x)) name += kChars[x % (sizeof kChars - 1)];
  } else if (x % 2 == 0) {
    name += "-" + std::to_string(1 + x / 2 % 40);
  }
  return name;
}

int CasePidAfter(uint64_t case_seed) {
  return 300 + static_cast<int>(SplitMix(case_seed ^ 0x706964ull) % 40000);  // "pid"
}

std::string WriteResolvConf() {
  // One quick try: the answerer is on loopback, so a lost query means there is none.
  return WriteReadable("resolv-", "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
}

const std::string& ProtocolsFile() {
  struct Shared {
    std::string path = WriteReadable("protocols-",
                                     "# netgrade: the machine has no /etc/protocols\n"
                                     "ip\t0\tIP\nicmp\t1\tICMP\nigmp\t2\tIGMP\ntcp\t6\tTCP\n"
                                     "udp\t17\tUDP\nipv6\t41\tIPv6\nipv6-icmp\t58\tIPv6-ICMP\n"
                                     "raw\t255\tRAW\n");
    ~Shared() { ::unlink(path.c_str()); }
  };
  static const Shared shared;
  return shared.path;
}

}  // namespace netgrade::sandbox
