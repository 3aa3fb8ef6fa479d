// How the student's program ran, as the runner saw it: plain data the checks read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace netgrade::observe {

// How the program ended, as the runner saw it.
struct ProgramRun {
  std::string display_name;  // "server.py"
  // The program netgrade ran, in the case's copy of the submission: its folder holds the
  // student's sources (read for `void main`).
  std::string program_path;
  // The arguments it was started with, after its own name: "127.0.0.1", "40123".
  std::vector<std::string> args;
  bool exited = false;  // by itself, before the case ended
  int status = 0;
  int signal = 0;
  std::string stderr_text;
  // exec() failed: its errno and the path the grader ran (0 and empty when it started).
  int exec_errno = 0;
  std::string exec_path;
  // Processes it started were still running when it ended (killed with it): a daemon.
  bool left_behind = false;
  bool stdin_consumed = false;  // standard input was written whole before it ended
  // `exit: required`: it had done everything but exit, and kept a CPU busy after its input
  // ended instead (the case ended then, not at its timeout).
  bool spun_after_input = false;
  // Asleep (nanosleep, clock_nanosleep) past the case's end once its input was over: seen at
  // rest there (run/rest_watch.h), so the case ended at once.
  bool asleep_after_input = false;

  // Limits of the sandbox and whether the program ran into them.
  bool output_cut = false;  // printed more than output_cap on stdout or stderr
  int64_t output_cap = 0;
  bool process_limit_hit = false;      // a fork failed at the process cap
  bool process_limit_stopped = false;  // no kernel cap: stopped past it (run/cap_watch.h)
  int process_limit = 0;
  bool memory_limit_hit = false;  // an allocation failed at the memory cap
  int64_t memory_limit = 0;
  // It wrote more in its folder (its copy of the submission) than the limit there.
  bool disk_limit_hit = false;
  int64_t disk_limit_bytes = 0;
  int64_t disk_limit_entries = 0;
  int cpu_limit_s = 0;
  int64_t file_size_limit = 0;  // 0: not known (the message then names no number)
  int open_files_limit = 0;
};

}  // namespace netgrade::observe
