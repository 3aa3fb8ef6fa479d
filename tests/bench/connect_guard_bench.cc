// Connect guard benchmark (a program that prints figures, not a test): what a connect() costs
// a program whose filter hands it to the grader (sandbox/connect_guard.h: a case without a
// root of its own), next to the same connects made directly in the same run. Each round opens
// a TCP connection to a listener of the program's own on 127.0.0.1 (blocking, so the guard
// makes it on a thread of its own; then non-blocking, made on the guard's loop), and a Unix
// connection to a socket in its folder. Then what an open() costs where the guard also answers
// reads of /etc/hosts (a case without namespaces: every open() is handed over): an open() and
// close() of another file (let go on) and of /etc/hosts (answered with the case's file).
// Usage: connect_guard_bench [ROUNDS]
#include <fcntl.h>
#include <fmt/core.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/base/fd.h"
#include "harness/sandbox/connect_guard.h"
#include "harness/sandbox/syscall_filter.h"

using namespace netgrade;

namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  double tcp_blocking_us = 0, tcp_nonblocking_us = 0, unix_us = 0;
  double open_us = 0, hosts_us = 0;
};

// The median microseconds of `rounds` connects made by `connect_once`.
template <typename F>
double Median(int rounds, F connect_once) {
  std::vector<double> us;
  for (int i = 0; i < rounds; ++i) {
    auto start = Clock::now();
    connect_once();
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(us.begin(), us.end());
  return us[us.size() / 2];
}

// In the calling process: the three kinds of connect, each `rounds` times.
Figures Measure(int rounds, const std::string& folder) {
  Figures f;
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof a;
  ::bind(listener, reinterpret_cast<sockaddr*>(&a), size);
  ::listen(listener, 512);
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &size);
  auto tcp = [&](int flags) {
    int s = ::socket(AF_INET, SOCK_STREAM | flags, 0);
    ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    int c = ::accept(listener, nullptr, nullptr);
    ::close(c);
    ::close(s);
  };
  f.tcp_blocking_us = Median(rounds, [&] { tcp(0); });
  f.tcp_nonblocking_us = Median(rounds, [&] { tcp(SOCK_NONBLOCK); });
  std::string path = folder + "/bench.sock";
  ::unlink(path.c_str());
  int unix_listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un u{};
  u.sun_family = AF_UNIX;
  path.copy(u.sun_path, sizeof u.sun_path - 1);
  ::bind(unix_listener, reinterpret_cast<sockaddr*>(&u), sizeof u);
  ::listen(unix_listener, 512);
  f.unix_us = Median(rounds, [&] {
    int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ::connect(s, reinterpret_cast<sockaddr*>(&u), sizeof u);
    int c = ::accept(unix_listener, nullptr, nullptr);
    ::close(c);
    ::close(s);
  });
  ::close(unix_listener);
  ::close(listener);
  f.open_us = Median(rounds, [] { ::close(::open("/etc/passwd", O_RDONLY | O_CLOEXEC)); });
  f.hosts_us = Median(rounds, [] { ::close(::open("/etc/hosts", O_RDONLY | O_CLOEXEC)); });
  return f;
}

// The same, in a child under the guarded filter whose connects the guard serves.
Figures MeasureGuarded(int rounds, const std::string& folder, const std::string& hosts_file) {
  int channel[2], out[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, channel) != 0 || ::pipe(out) != 0) std::exit(3);
  pid_t child = ::fork();
  if (child == 0) {
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    int listener = sandbox::InstallSyscallFilter(
        sandbox::StudentSyscallFilter(sandbox::UnixSockets::kGuarded, false, !hosts_file.empty()));
    if (listener <= 0) ::_exit(4);
    if (!SendDescriptor(channel[1], listener)) ::_exit(5);
    ::close(listener);
    Figures f = Measure(rounds, folder);
    ssize_t ignored = ::write(out[1], &f, sizeof f);
    (void)ignored;
    ::_exit(0);
  }
  ::close(channel[1]);
  ::close(out[1]);
  Fd listener = ReceiveDescriptor(channel[0]);
  if (!listener) std::exit(6);
  sandbox::GuardConnects(std::move(listener), {folder}, hosts_file);
  Figures f;
  if (::read(out[0], &f, sizeof f) != sizeof f) std::exit(7);
  ::waitpid(child, nullptr, 0);
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 2000;
  std::string why;
  if (!sandbox::ConnectGuardAvailable(&why)) {
    fmt::print(stderr, "connect_guard_bench: the guard does not work here: {}\n", why);
    return 1;
  }
  std::string folder = (std::filesystem::canonical(std::filesystem::temp_directory_path()) /
                        ("netgrade-guard-bench-" + std::to_string(::getpid())))
                           .string();
  std::filesystem::create_directories(folder);
  Figures direct = Measure(rounds, folder);
  Figures guarded = MeasureGuarded(rounds, folder, "");
  std::string hosts = folder + "/hosts";
  FILE* file = std::fopen(hosts.c_str(), "w");
  if (file == nullptr) return 1;
  std::fputs("127.0.0.1 servername\n", file);
  std::fclose(file);
  Figures answering = MeasureGuarded(rounds, folder, hosts);
  std::filesystem::remove_all(folder);
  fmt::print("connect() + accept() + close, median of {} rounds, microseconds\n", rounds);
  fmt::print("{:<26} {:>10} {:>10} {:>10}\n", "", "direct", "guarded", "added");
  auto row = [](const char* name, double d, double g) {
    fmt::print("{:<26} {:>10.1f} {:>10.1f} {:>10.1f}\n", name, d, g, g - d);
  };
  row("TCP, blocking socket", direct.tcp_blocking_us, guarded.tcp_blocking_us);
  row("TCP, non-blocking socket", direct.tcp_nonblocking_us, guarded.tcp_nonblocking_us);
  row("Unix, in its folder", direct.unix_us, guarded.unix_us);
  fmt::print("\nopen() + close(), median of {} rounds, microseconds\n", rounds);
  fmt::print("{:<26} {:>10} {:>10} {:>10} {:>10}\n", "", "direct", "guarded", "answering", "added");
  auto open_row = [](const char* name, double d, double g, double a) {
    fmt::print("{:<26} {:>10.1f} {:>10.1f} {:>10.1f} {:>10.1f}\n", name, d, g, a, a - d);
  };
  open_row("another file", direct.open_us, guarded.open_us, answering.open_us);
  open_row("/etc/hosts", direct.hosts_us, guarded.hosts_us, answering.hosts_us);
  return 0;
}
