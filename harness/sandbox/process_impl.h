// A Process's own state and what it does with it as the event loop calls: its standard
// streams, its end. Shared by process.cc (a program that runs) and process_start.cc (starting
// it), and by nothing else.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "harness/base/event_loop.h"
#include "harness/base/fd.h"
#include "harness/base/fork_lock.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/grader_children.h"
#include "harness/sandbox/process.h"

namespace netgrade::sandbox {

struct Process::Impl {
  EventLoop* loop = nullptr;
  pid_t pid = -1;
  bool contained = false;
  mutable pid_t init = 0;  // contained: the namespace's init, found once
  // Its pidfd, opened as it is found: once the first process has ended, init may be the
  // grader's child (a subreaper's orphan) to reap, and its pid may meanwhile be another's.
  mutable Fd init_pidfd;
  mutable pid_t program = 0;  // found once: the namespace's init's child numbered as below
  // The program's PID in its namespace (SpawnOptions::pid_after + 1, or 2 where the grader
  // could not choose it): what tells it from an orphan its init adopted.
  pid_t program_in_namespace = 2;
  int uid = -1;  // the case's own user, when the grader gave it one
  Fd stdin_w, stdout_r, stderr_r, pidfd;
  Fd report_r;  // contained: the helper's report of the program's end
  std::string stdin_data;
  size_t stdin_off = 0;
  bool stdin_open = false;  // kept open after stdin_data until CloseStdin()
  bool terminated = false;  // Terminate() was called: its end is the grader's doing
  std::string out, err;
  bool out_cut = false, err_cut = false, out_eof = false, err_eof = false;
  int64_t cap = 0;
  ExitInfo exit;
  bool reaped = false;
  bool kill_started = false;  // StartKill() was called
  bool ran_at_kill = false;   // and the program had not ended then
  const CaseCgroup* cgroup = nullptr;
  std::function<void()> on_stdout;
  std::function<void()> on_exit;

  void Watch(Fd& fd, short events, void (Impl::*handler)()) {
    if (fd) loop->Watch(fd.get(), events, [this, handler](short) { (this->*handler)(); });
  }
  void Close(Fd& fd) {
    if (!fd) return;
    loop->Unwatch(fd.get());
    CloseSeenAtOnce(fd);  // the program's end of input, at once (fork_lock.h)
  }

  void WriteStdin() {
    while (stdin_off < stdin_data.size()) {
      ssize_t n =
          ::write(stdin_w.get(), stdin_data.data() + stdin_off, stdin_data.size() - stdin_off);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) return;
        break;  // EPIPE: the program closed its input or is gone
      }
      stdin_off += static_cast<size_t>(n);
    }
    if (stdin_off < stdin_data.size() || !stdin_open) {
      Close(stdin_w);  // end of input, or the program is no longer reading it
      return;
    }
    // All written and more may come: nothing to wait for until then.
    stdin_data.clear();
    stdin_off = 0;
    if (stdin_w) loop->SetEvents(stdin_w.get(), 0);
  }

  // Reads what is there, at most kReadBudget at a time; true at end of file. Beyond the cap,
  // reads and discards. The budget keeps a program that prints as fast as the grader reads
  // from holding the grader in this loop: the event loop goes round, and sees its deadline.
  bool ReadInto(Fd& fd, std::string& buf, bool& cut) {
    constexpr size_t kReadBudget = size_t{1} << 20;
    char chunk[65536];
    for (size_t read_now = 0; read_now < kReadBudget;) {
      ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
      if (n > 0) {
        read_now += static_cast<size_t>(n);
        size_t room = static_cast<size_t>(cap) - std::min(static_cast<size_t>(cap), buf.size());
        buf.append(chunk, std::min(room, static_cast<size_t>(n)));
        if (static_cast<size_t>(n) > room) cut = true;
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
      return true;  // 0, or EIO from a pty whose every slave is closed
    }
    return false;
  }
  void ReadStdout() {
    size_t before = out.size();
    if (stdout_r && ReadInto(stdout_r, out, out_cut)) {
      out_eof = true;
      Close(stdout_r);
    }
    if (out.size() != before && on_stdout) on_stdout();
  }
  void ReadStderr() {
    if (stderr_r && ReadInto(stderr_r, err, err_cut)) {
      err_eof = true;
      Close(stderr_r);
    }
  }

  // Collects the exit status when the main process has ended (non-blocking).
  void Reap(bool block) {
    if (reaped) return;
    int status = 0;
    pid_t r = ::waitpid(pid, &status, block ? 0 : WNOHANG);
    if (r != pid) return;
    reaped = true;
    exit.exited = true;
    int report[2] = {0, 0};
    if (report_r && ::read(report_r.get(), report, sizeof report) == sizeof report)
      exit.left_behind = report[1] != 0;
    if (WIFEXITED(status)) exit.status = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
    if (terminated) exit.killed_by_grader = true;
    Close(pidfd);
    ProgramReaped(pid);
  }
  void OnExit() {
    Reap(false);
    if (!reaped || !on_exit) return;
    ReadStdout();
    ReadStderr();
    std::function<void()> cb = std::move(on_exit);
    on_exit = nullptr;
    cb();
  }
};

}  // namespace netgrade::sandbox
