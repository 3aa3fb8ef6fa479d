// A student's program as a child process: started without a shell in its own process group,
// standard input fed from a buffer, standard output on a pseudo-terminal (so C stdio and
// Python line-buffer exactly as in a terminal, and nothing printed is lost when it is
// killed), standard error on a pipe, both captured up to a cap. Its I/O is driven by the
// EventLoop it was started on. At destruction every process it started is killed and reaped.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/base/fd.h"
#include "harness/sandbox/jail.h"

namespace netgrade::sandbox {

struct SyscallFilter;

class CaseCgroup;

struct Limits {
  int cpu_seconds = 10;
  // Per process, RLIMIT_DATA: the private writable memory it maps (heap, stacks of threads),
  // not address space reserved and unused (a JVM's, Go's); the cgroup's cap adds 512 MiB.
  int64_t memory_bytes = int64_t{1} << 30;
  // Processes and threads alike (the kernel counts tasks): a thread-per-client server with
  // its clients and a JVM's own ~13-20 threads fit; a fork() in a loop does not. RLIMIT_NPROC
  // (only binds when not root) or the cgroup's pids.max.
  int processes = 128;
  int64_t file_size_bytes = int64_t{16} << 20;
  int open_files = 256;
  int64_t output_bytes = int64_t{1} << 20;  // captured per stream; the rest is drained
};

struct SpawnOptions {
  std::vector<std::string> argv;  // argv[0]: a path, or a name looked up in PATH
  std::string cwd;                // empty: the grader's
  std::vector<std::string> env;   // the whole environment, "NAME=value"
  std::string stdin_data;         // written to standard input, which is then closed
  // Standard input stays open after stdin_data, for lines written later (WriteStdin) until
  // CloseStdin(): a case's script feeds it line by line.
  bool stdin_open = false;
  bool stdout_tty = true;  // standard output on a pseudo-terminal (else a pipe)
  Limits limits;
  // When set, the program joins it before exec: Pids() and Kill() then use it.
  const CaseCgroup* cgroup = nullptr;
  // When set, the program sees this file as /etc/hosts (a mount namespace of its own) and
  // its host name is host_name (a UTS namespace; "netgrade-student" when empty): the host
  // names course code hard-codes resolve to the reference peer. Needs root.
  std::string hosts_file;
  std::string host_name;
  // Contained: the PID the program's namespace handed out last before the program's (it is
  // then pid_after + 1, not always 2, as on a student's own computer); 0: it is 2.
  int pid_after = 0;
  // With hosts_file and cwd: the program is contained. It gets a root of its own (jail.h:
  // the system read-only, its copy, private /tmp, /dev/shm, /var/tmp; nothing of the grader,
  // the spec, other submissions), its own PID namespace (it is PID 2; when it ends, what it
  // left is killed; no other case's processes are visible) and IPC namespace.
  bool contain = false;
  // Not contained, where the connect guard works (connect_guard.h): the program's reads of
  // /etc/hosts are answered with this file instead, so that the names a case defines resolve
  // on the machine's own network too. "": the machine's /etc/hosts.
  std::string answer_hosts;
  // Contained: the program sees this file as /etc/resolv.conf (when the system's is a file).
  std::string resolv_conf;
  // Folders (or files) outside the system's that the program may read and run, at their own
  // paths: the installation of the toolchain it is built or run with (plan/toolchain.h). The
  // jail binds them read-only; Landlock lets them be read and run.
  std::vector<std::string> read_only;
  // Set by Process::Start from the above: the root the child builds.
  const JailPlan* jail = nullptr;
  // When >= 0 (the grader runs as root), the program runs as this user and group.
  int uid = -1;
  int gid = -1;
  // The program keeps CAP_NET_RAW, and no other capability, across exec (ambient): a raw
  // socket, in whatever network namespace it starts in, which must be a case's own (where the
  // lab's programs make raw sockets). For a grader that is not root the program then gets no user
  // namespace of the case's own (below): the capability must be held in the namespace's owner.
  bool net_raw = false;
  // Set by Process::Start for a contained program of a grader that is not root: the lines
  // written to the uid_map and gid_map of a user namespace of the case's own ("1000 1000 1":
  // the same user), in which RLIMIT_NPROC counts the case's processes alone, not every
  // process of the student's account.
  std::string uid_map, gid_map;
  // Set by Process::Start for a grader that is not root whose program gets neither a user
  // namespace of its own nor a cgroup that caps processes: RLIMIT_NPROC at this many tasks of
  // the user, the machine's count when the program starts plus a margin. It caps no case alone
  // (the user's other processes count) but a fork() in a loop no longer fills the machine's
  // PID space between two of the watcher's looks. 0: none.
  int user_tasks_backstop = 0;
  // Set by Process::Start: the seccomp filter installed just before exec (syscall_filter.h).
  const SyscallFilter* syscall_filter = nullptr;
  // False only for a process of netgrade's own that makes namespaces and mounts (netgrade
  // itself, started by its tests): no student filter then.
  bool student_filter = true;
  // A program that gets no root of its own (no jail): confined by Landlock (landlock.h) to
  // the system's folders read-only, and cwd and `own_tmp` (its temporary folder, the
  // environment's TMPDIR) read-write, where the kernel has Landlock.
  bool confine_files = false;
  std::string own_tmp;
  // Set by Process::Start from confine_files: the Landlock ruleset the child restricts itself
  // to, or -1.
  int landlock_ruleset = -1;
};

// The step of starting a program that failed, as the child reports it. Only kExec is the
// program's (it cannot be executed); every other is the sandbox's, the grader's problem.
enum class SpawnStep {
  kExec,
  kCgroup,
  kStreams,
  kNamespaces,
  kJail,
  kPidNamespace,
  kUser,
  kWorkdir,
  kSyscallFilter,
  kLandlock,
  kParent,  // the process that started it was gone before the exec
};
const char* SpawnStepName(SpawnStep step);

struct ExitInfo {
  bool exited = false;            // false: still running
  int status = 0;                 // exit status when it exited normally
  int signal = 0;                 // the signal that killed it, 0 if none
  bool killed_by_grader = false;  // the signal came from Kill()
  // exec() failed (the program then "exits" 127): its errno, and the path the grader gave it.
  // Data from the grader, never read back from what the program printed.
  int exec_errno = 0;
  std::string exec_path;
  // Contained: when the program ended, processes it had started were still running (a
  // daemon); they were killed with it.
  bool left_behind = false;
};

class Process {
 public:
  // Starts the program. Throws SystemError when the grader itself cannot (fork, pipes);
  // a program that cannot be executed exits with status 127 and says why on stderr.
  static std::unique_ptr<Process> Start(const SpawnOptions& options, EventLoop& loop);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // The process the grader started and waits for.
  pid_t pid() const;
  // The student's program itself, as this namespace numbers it: pid(), or, contained, PID 2
  // of the case's namespace (pid() then is a helper waiting for it). 0 once it is gone.
  pid_t program_pid() const;
  const ExitInfo& exit_info() const;
  // Contained: the program has ended (gone, or a zombie its init has not reaped yet) but the
  // report of its end has not come yet. Its init reaps it, kills what it left and reports:
  // until then what it left (a daemon's child) may still serve, and the program's end is
  // the case's fact (stopped_early), not a program that kept running.
  bool exit_on_its_way() const;
  // The main process has exited and both output streams are at end of file.
  bool finished() const;

  const std::string& stdout_text() const;
  const std::string& stderr_text() const;
  bool stdout_cut() const;  // more than limits.output_bytes was printed; the rest was drained
  bool stderr_cut() const;
  bool stdin_closed() const;
  // Called whenever new standard output arrives (after it is appended to stdout_text()).
  void OnStdout(std::function<void()> cb);
  // Called once, on the loop, when the main process has ended and been reaped (exit_info()
  // then says how); output still buffered is read first.
  void OnExit(std::function<void()> cb);

  // With SpawnOptions::stdin_open: appends `data` to what is written to standard input, as
  // the program reads it. Ignored once standard input is closed (or the program closed it).
  void WriteStdin(const std::string& data);
  // Closes standard input once everything written so far has gone (end of input).
  void CloseStdin();
  // Bytes written to standard input that the program has not read yet (in the pipe, or
  // still to go into it); 0 once it is closed.
  size_t stdin_pending() const;
  // SIGTERM to every process of the program, which may end as it likes: its end then counts
  // as the grader's (exit_info().killed_by_grader), as after Kill().
  void Terminate();
  // Once it is gone and reaped, its cgroup may be handed on to another run of the same program
  // (a script's `start: student`): Kill(), Pids() and the destructor no longer look there, so
  // they cannot touch that run. Does nothing while it runs.
  void DetachFromCgroup();
  // What it printed, kept when it is gone.
  struct Printed {
    std::string out, err;
    bool out_cut = false, err_cut = false;
  };
  Printed printed() const;
  // What an earlier run of the same program printed comes first in this one's output, under
  // the same cap (a program a case's script stopped and started again): stdout_text() and
  // stderr_text() hold both runs, in order.
  void ContinueOutputOf(const Printed& earlier);

  // Every live process the program started: its group, and descendants that left it.
  std::vector<pid_t> Pids() const;
  // The same with the grader's own helpers of a contained program (what Kill() must end).
  std::vector<pid_t> AllPids() const;
  // SIGKILL to everything in Pids(), then reap; pending output is read first.
  void Kill();
  // SIGKILL to everything in AllPids() without waiting for any of it to end: a contained
  // program's end (its PID and mount namespaces) takes the kernel milliseconds, which the
  // grader may spend on something else. Pending output is read first; what the program does
  // after, the grader no longer reads. Kill() (the destructor's) then waits for the end and
  // reaps; exit_info() counts the end as the grader's when the program ran at this call.
  void StartKill();
  // Whether the program runs in a PID namespace of its own (SpawnOptions::jail): a kill of
  // its init ends every process it started, those it starts meanwhile too.
  bool contained() const;
  // Reads whatever output is still buffered without blocking (e.g. before judging).
  void DrainOutput();

  struct Impl;

 private:
  explicit Process(std::unique_ptr<Impl> impl);
  // Once the first process is reaped: a contained program's init, when it is left to the
  // grader, is waited for and reaped.
  void ReapInit();
  std::unique_ptr<Impl> impl_;
};

}  // namespace netgrade::sandbox
