// The child side of starting a student's program: everything between fork() and exec().
// Only async-signal-safe calls happen there, on data prepared before fork().
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "harness/sandbox/process.h"

namespace netgrade::sandbox {

// Descriptors the child puts in place of its standard streams.
struct ChildFds {
  int stdin_read;
  int stdout_write;  // the pty slave, or a pipe
  int stderr_write;
  int exec_error;  // close-on-exec pipe: gets errno when exec fails
  // Contained only: close-on-exec pipe on which the helper the grader waits for reports the
  // program's end as data: {wait status, whether it left processes behind}.
  int report = -1;
  // With a filter that hands calls to the grader: a close-on-exec socket on which the child
  // sends the filter's listener (SCM_RIGHTS) before exec.
  int notify = -1;
};

// argv and envp as the C arrays execve wants, owned.
class ExecArgs {
 public:
  ExecArgs(const std::vector<std::string>& argv, const std::vector<std::string>& env);
  char* const* argv() { return argv_.data(); }
  char* const* envp() { return envp_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<char*> argv_;
  std::vector<char*> envp_;
};

// Forks and execs. Returns the child's pid in the parent; never returns in the child.
pid_t ForkExec(const SpawnOptions& options, const std::string& path, ExecArgs& args,
               const ChildFds& fds, const std::vector<std::string>& cgroup_files);

// The environment a student's program gets: nothing of the grader's but a plain PATH, a
// UTF-8 locale and HOME in its work directory.
std::vector<std::string> StudentEnvironment(const std::string& workdir);

}  // namespace netgrade::sandbox
