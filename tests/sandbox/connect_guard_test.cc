#include "harness/sandbox/connect_guard.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "harness/base/file.h"
#include "harness/sandbox/syscall_filter.h"
#include "tests/support/forked_child.h"
#include "tests/support/temp_dir.h"

namespace netgrade::sandbox {
namespace {
namespace fs = std::filesystem;

using testing_support::Eventually;

// A listening Unix socket at `path`, or abstract for "@name".
Fd ListenUnix(const std::string& path) {
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  path.copy(a.sun_path, sizeof a.sun_path - 1);
  socklen_t size = offsetof(sockaddr_un, sun_path) + path.size();
  if (path[0] == '@') a.sun_path[0] = '\0';
  if (!fd || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), size) != 0 ||
      ::listen(fd.get(), 4) != 0)
    return Fd();
  return fd;
}

// A listening TCP socket on 127.0.0.1 and its port.
Fd ListenTcp(int* port, int backlog = 16) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof a;
  if (!fd || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), size) != 0 ||
      ::listen(fd.get(), backlog) != 0 ||
      ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &size) != 0)
    return Fd();
  *port = ntohs(a.sin_port);
  return fd;
}

bool Accepted(const Fd& listener) {
  Fd accepted(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  return accepted.valid();
}

// What the child's connects answered, one word each: "ok", "EACCES", ...
std::string Word(int rc) {
  if (rc == 0) return "ok";
  switch (errno) {
    case EACCES:
      return "EACCES";
    case EINPROGRESS:
      return "EINPROGRESS";
    case ENOTSOCK:
      return "ENOTSOCK";
    case EBADF:
      return "EBADF";
    case ECONNREFUSED:
      return "ECONNREFUSED";
    case ENOENT:
      return "ENOENT";
  }
  return "errno " + std::to_string(errno);
}

int ConnectUnix(int s, const std::string& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  path.copy(a.sun_path, sizeof a.sun_path - 1);
  socklen_t size = offsetof(sockaddr_un, sun_path) + path.size() + 1;
  if (path[0] == '@') a.sun_path[0] = '\0', size -= 1;
  return ::connect(s, reinterpret_cast<sockaddr*>(&a), size);
}

int ConnectTcp(int s, int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
}

// A program under the guarded filter, its listener served by the guard with `folder` its own;
// `body` writes what it found on the descriptor it is given, read back by Output().
class GuardedChild {
 public:
  GuardedChild(const std::string& folder, const std::function<void(int)>& body,
               const std::string& hosts_file = "") {
    int channel[2], out[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel) != 0 ||
        ::pipe2(out, O_CLOEXEC) != 0)
      throw std::runtime_error("socketpair");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(channel[0]);
      ::close(out[0]);
      if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) ::_exit(3);
      int listener = InstallSyscallFilter(
          StudentSyscallFilter(UnixSockets::kGuarded, false, !hosts_file.empty()));
      if (listener <= 0) ::_exit(4);
      if (!SendDescriptor(channel[1], listener)) ::_exit(5);
      ::close(listener);
      body(out[1]);
      ::_exit(0);
    }
    ::close(channel[1]);
    ::close(out[1]);
    out_.Reset(out[0]);
    if (Fd listener = ReceiveDescriptor(channel[0]))
      GuardConnects(std::move(listener), {folder}, hosts_file);
    ::close(channel[0]);
  }
  ~GuardedChild() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }
  // Everything the child wrote, until it closed its end.
  std::string Output() {
    std::string got;
    char buf[256];
    for (ssize_t n; (n = ::read(out_.get(), buf, sizeof buf)) > 0;) got.append(buf, n);
    return got;
  }

 private:
  pid_t pid_;
  Fd out_;
};

void Say(int out, const std::string& what, int rc) {
  std::string line = what + "=" + Word(rc) + "\n";
  ssize_t ignored = ::write(out, line.data(), line.size());
  (void)ignored;
}

// What a guarded program reaches: its own Unix sockets beneath its folder by any path that
// stays there (and one it made itself), every TCP address; never a socket outside, through a
// link or by an abstract name.
TEST(ConnectGuard, ConnectsOwnUnixSocketsAndTcpButNothingOutsideTheFolder) {
  std::string why;
  ASSERT_TRUE(ConnectGuardAvailable(&why)) << why;
  testing_support::UniqueTempDir dir("netgrade-connect-guard");
  const fs::path own = fs::canonical(dir.path()) / "own";
  const fs::path outside = fs::canonical(dir.path()) / "outside";
  fs::create_directories(own);
  fs::create_directories(outside);
  Fd server = ListenUnix((own / "server.sock").string());
  Fd machine = ListenUnix((outside / "tmux.sock").string());
  const std::string abstract_name = "@netgrade-guard-" + std::to_string(::getpid());
  Fd abstract = ListenUnix(abstract_name);
  fs::create_symlink(outside / "tmux.sock", own / "link-out");
  int port = 0;
  Fd tcp = ListenTcp(&port);
  ASSERT_TRUE(server && machine && abstract && tcp) << std::strerror(errno);

  const std::string own_path = own.string(), outside_path = outside.string();
  GuardedChild child(own_path, [&](int out) {
    Say(out, "own", ConnectUnix(::socket(AF_UNIX, SOCK_STREAM, 0), own_path + "/server.sock"));
    if (::chdir(own_path.c_str()) != 0) ::_exit(6);
    Say(out, "relative", ConnectUnix(::socket(AF_UNIX, SOCK_STREAM, 0), "server.sock"));
    Say(out, "outside",
        ConnectUnix(::socket(AF_UNIX, SOCK_STREAM, 0), outside_path + "/tmux.sock"));
    Say(out, "dotdot", ConnectUnix(::socket(AF_UNIX, SOCK_STREAM, 0), "../outside/tmux.sock"));
    Say(out, "link", ConnectUnix(::socket(AF_UNIX, SOCK_STREAM, 0), "link-out"));
    Say(out, "abstract", ConnectUnix(::socket(AF_UNIX, SOCK_STREAM, 0), abstract_name));
    // A server of its own, in its folder: bound, listening and connected to.
    int mine = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strcpy(a.sun_path, "mine.sock");
    bool bound =
        ::bind(mine, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::listen(mine, 1) == 0;
    Say(out, "its-own-server",
        bound ? ConnectUnix(::socket(AF_UNIX, SOCK_STREAM, 0), "mine.sock") : -1);
    Say(out, "tcp", ConnectTcp(::socket(AF_INET, SOCK_STREAM, 0), port));
    Say(out, "tcp-nonblocking",
        ConnectTcp(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), port));
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) ::_exit(7);
    Say(out, "pipe", ConnectTcp(pipe_fds[0], port));
    Say(out, "closed", ConnectTcp(99, port));
  });
  const std::string said = child.Output();
  EXPECT_NE(said.find("own=ok\n"), std::string::npos) << said;
  EXPECT_NE(said.find("relative=ok\n"), std::string::npos) << said;
  EXPECT_NE(said.find("outside=EACCES\n"), std::string::npos) << said;
  EXPECT_NE(said.find("dotdot=EACCES\n"), std::string::npos) << said;
  EXPECT_NE(said.find("link=EACCES\n"), std::string::npos) << said;
  EXPECT_NE(said.find("abstract=EACCES\n"), std::string::npos) << said;
  EXPECT_NE(said.find("its-own-server=ok\n"), std::string::npos) << said;
  EXPECT_NE(said.find("tcp=ok\n"), std::string::npos) << said;
  EXPECT_NE(said.find("tcp-nonblocking=EINPROGRESS\n"), std::string::npos) << said;
  EXPECT_NE(said.find("pipe=ENOTSOCK\n"), std::string::npos) << said;
  EXPECT_NE(said.find("closed=EBADF\n"), std::string::npos) << said;
  EXPECT_TRUE(Accepted(server) && Accepted(server)) << "the own and relative connections";
  EXPECT_TRUE(Accepted(tcp));
  EXPECT_FALSE(Accepted(machine)) << "the socket outside the folder was reached";
  EXPECT_FALSE(Accepted(abstract)) << "the abstract socket was reached";
}

// Whether a TCP socket in SYN_SENT to `port` is in /proc/net/tcp.
bool SynSentTo(int port) {
  // The whole table, as base/proc's ReadProcNet reads it: beside CI's other tests this
  // machine's holds thousands of sockets (TIME_WAIT), past ReadFile's default 1 MiB, and a
  // row cut off there was taken for a connect not (or no longer) waiting.
  std::string table = ReadFile("/proc/net/tcp", 64 << 20).value_or("");
  char needle[32];
  std::snprintf(needle, sizeof needle, ":%04X 02 ", port);  // remote port, state SYN_SENT
  return table.find(needle) != std::string::npos;
}

// A connect() that waits (a listener whose queue is full drops the SYN) waits on a thread of
// the guard's: another program's connect goes through meanwhile; when the waiting program is
// killed, its connect is ended and the guard lets its listener go.
TEST(ConnectGuard, AWaitingConnectHoldsUpNoOneAndEndsWithItsProgram) {
  std::string why;
  ASSERT_TRUE(ConnectGuardAvailable(&why)) << why;
  testing_support::UniqueTempDir dir("netgrade-connect-guard");
  const std::string folder = fs::canonical(dir.path()).string();
  int full_port = 0, open_port = 0;
  Fd full = ListenTcp(&full_port, 0);
  Fd open = ListenTcp(&open_port);
  ASSERT_TRUE(full && open);
  const int before = GuardedPrograms();
  {
    GuardedChild waiting(folder, [&](int out) {
      Say(out, "first", ConnectTcp(::socket(AF_INET, SOCK_STREAM, 0), full_port));
      ConnectTcp(::socket(AF_INET, SOCK_STREAM, 0), full_port);  // waits: the queue is full
      Say(out, "second", 0);
    });
    ASSERT_TRUE(Eventually([&] { return SynSentTo(full_port); }))
        << "the second connect never started";
    GuardedChild other(folder, [&](int out) {
      Say(out, "other", ConnectTcp(::socket(AF_INET, SOCK_STREAM, 0), open_port));
    });
    EXPECT_EQ(other.Output(), "other=ok\n");
    EXPECT_TRUE(SynSentTo(full_port)) << "the first program's connect is still waiting";
    ::kill(waiting.pid(), SIGKILL);
    EXPECT_EQ(waiting.Output(), "first=ok\n");
  }
  EXPECT_TRUE(Eventually([&] { return GuardedPrograms() == before; }))
      << GuardedPrograms() << " listeners served, " << before << " before";
  EXPECT_TRUE(Eventually([&] { return !SynSentTo(full_port); }))
      << "the guard's copy of the waiting socket still connects";
}

// Reads of /etc/hosts, however the program opens it to read, get the case's file: the name
// it defines resolves through libc's getaddrinfo; any other file, and /etc/hosts itself where
// no hosts file was given, is the machine's. Its close-on-exec flag is the one it asked for.
TEST(ConnectGuard, AnswersReadsOfEtcHostsWithTheCasesFileAndNothingElse) {
  std::string why;
  ASSERT_TRUE(ConnectGuardAvailable(&why)) << why;
  testing_support::UniqueTempDir dir("netgrade-guard-hosts");
  const std::string hosts = (dir.path() / "hosts").string();
  std::ofstream(hosts) << "127.0.0.9 netgrade-guard-test-host\n";
  auto run = [&](const std::string& answer_with) {
    GuardedChild child(
        dir.path().string(),
        [](int out) {
          auto has_marker = [](int fd) {
            std::string text;
            char buf[4096];
            for (ssize_t n; fd >= 0 && (n = ::read(fd, buf, sizeof buf)) > 0;) text.append(buf, n);
            if (fd >= 0) ::close(fd);
            return text.find("netgrade-guard-test-host") != std::string::npos ? "case" : "machine";
          };
          std::string said;
          const std::string first = has_marker(::open("/etc/hosts", O_RDONLY));
          said += "open=" + first + "\n";
          said += std::string("dotdot=") + has_marker(::open("/etc/../etc/hosts", O_RDONLY)) + "\n";
          said += std::string("passwd=") + has_marker(::open("/etc/passwd", O_RDONLY)) + "\n";
          if (::chdir("/etc") == 0)
            said +=
                std::string("relative=") + has_marker(::openat(AT_FDCWD, "hosts", O_RDONLY)) + "\n";
          int with = ::open("/etc/hosts", O_RDONLY | O_CLOEXEC);
          int without = ::open("/etc/hosts", O_RDONLY);
          said += fmt::format("cloexec={}{}\n", (::fcntl(with, F_GETFD) & FD_CLOEXEC) ? 1 : 0,
                              (::fcntl(without, F_GETFD) & FD_CLOEXEC) ? 1 : 0);
          // Only once the case's file is seen: otherwise libc would ask the machine's name
          // server, off this machine, for the name.
          char address[INET_ADDRSTRLEN] = "not asked";
          if (first == "case") {
            addrinfo hints{};
            hints.ai_family = AF_INET;
            addrinfo* found = nullptr;
            if (::getaddrinfo("netgrade-guard-test-host", nullptr, &hints, &found) == 0)
              ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr,
                          address, sizeof address);
            else
              std::strcpy(address, "none");
          }
          said += std::string("resolved=") + address + "\n";
          ssize_t ignored = ::write(out, said.data(), said.size());
          (void)ignored;
        },
        answer_with);
    return child.Output();
  };
  EXPECT_EQ(run(hosts),
            "open=case\ndotdot=case\npasswd=machine\nrelative=case\ncloexec=10\n"
            "resolved=127.0.0.9\n");
  EXPECT_EQ(run(""),
            "open=machine\ndotdot=machine\npasswd=machine\nrelative=machine\ncloexec=10\n"
            "resolved=not asked\n");
}

TEST(OpensHostsFile, OnlyAReadOfEtcHostsByItsPath) {
  EXPECT_TRUE(OpensHostsFile("/etc/hosts", "/", O_RDONLY));
  EXPECT_TRUE(OpensHostsFile("/etc/./hosts", "/", O_RDONLY | O_CLOEXEC));
  EXPECT_TRUE(OpensHostsFile("hosts", "/etc", O_RDONLY));
  EXPECT_TRUE(OpensHostsFile("../etc/hosts", "/usr", O_RDONLY));
  EXPECT_FALSE(OpensHostsFile("hosts", "", O_RDONLY));
  EXPECT_FALSE(OpensHostsFile("/etc/hosts", "/", O_RDWR));
  EXPECT_FALSE(OpensHostsFile("/etc/hosts", "/", O_WRONLY | O_TRUNC));
  EXPECT_FALSE(OpensHostsFile("/etc/hosts", "/", O_RDONLY | O_PATH));
  EXPECT_FALSE(OpensHostsFile("/etc/hosts.allow", "/", O_RDONLY));
  EXPECT_FALSE(OpensHostsFile("/etc/hostname", "/", O_RDONLY));
  EXPECT_FALSE(OpensHostsFile("", "/etc", O_RDONLY));
}

}  // namespace
}  // namespace netgrade::sandbox
