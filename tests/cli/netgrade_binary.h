// Runs the built netgrade as a user would: its argv (no shell, so no path is ever parsed by
// one), from the top of the source tree, with stdout, stderr and the exit status captured.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace netgrade::testing_cli {

struct Ran {
  int status = -1;  // the exit status, or 128 + the signal that ended it
  std::string out;  // stdout
  std::string err;  // stderr
  // The peak resident memory of netgrade (or of a process it waited for, the student's
  // programs among them), in KiB: wait4's ru_maxrss.
  long max_rss_kb = 0;
};

// `env` entries ("NAME=value") are added to this process's environment, replacing a
// variable of the same name. `wrapper` (an absolute path and its arguments) runs netgrade
// when given. Bounded only against a hung netgrade: a run that passes returns as soon as
// netgrade exits.
inline Ran RunNetgrade(const std::vector<std::string>& args,
                       const std::vector<std::string>& env = {},
                       const std::vector<std::string>& wrapper = {}) {
  std::vector<std::string> argv = wrapper;
  argv.push_back(std::string(NETGRADE_BINARY_DIR) + "/netgrade");
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> envs = env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e, name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const std::string& mine : env)
      replaced |= mine.compare(0, name.size() + 1, name + "=") == 0;
    if (!replaced) envs.push_back(entry);
  }
  std::vector<char*> c_argv, c_env;
  for (std::string& a : argv) c_argv.push_back(a.data());
  for (std::string& e : envs) c_env.push_back(e.data());
  c_argv.push_back(nullptr);
  c_env.push_back(nullptr);

  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawn_file_actions_addchdir_np(&actions, NETGRADE_SOURCE_DIR);
  pid_t pid = -1;
  int spawned = ::posix_spawn(&pid, c_argv[0], &actions, nullptr, c_argv.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ::close(err[1]);
  if (spawned != 0) {
    ::close(out[0]);
    ::close(err[0]);
    throw std::runtime_error(std::string("posix_spawn netgrade: ") + std::strerror(spawned));
  }

  Ran ran;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&ran.out, &ran.err};
  int open = 2;
  while (open > 0) {
    int ready = ::poll(fds, 2, 300'000);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {  // hung: end it, and let the test fail on its status
      ::kill(pid, SIGKILL);
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[65536];
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
  for (pollfd& p : fds)
    if (p.fd >= 0) ::close(p.fd);
  int status = 0;
  struct rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  ran.max_rss_kb = usage.ru_maxrss;
  ran.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return ran;
}

// Without network namespaces (a default container, a normal user whose user namespaces are
// refused) the cases share the machine's network: a spec with a fixed port (the textbook's
// 12000) run twice at once finds its port taken, as two graders on one machine would. ctest
// runs tests side by side, so each such netgrade run holds this lock (a file in the build
// folder, not in /tmp).
class MachinePortsLock {
 public:
  MachinePortsLock()
      : fd_(::open(NETGRADE_BINARY_DIR "/docker-caps-test.lock", O_RDWR | O_CREAT | O_CLOEXEC,
                   0644)) {
    if (fd_ >= 0)
      while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
      }
  }
  ~MachinePortsLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  MachinePortsLock(const MachinePortsLock&) = delete;
  MachinePortsLock& operator=(const MachinePortsLock&) = delete;

 private:
  int fd_;
};

}  // namespace netgrade::testing_cli
