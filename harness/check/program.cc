#include "harness/check/program.h"

#include <fmt/core.h>

#include <csignal>
#include <cstring>

#include "harness/check/text.h"

namespace netgrade::check {
namespace {

bool Has(const std::string& text, const char* what) { return text.find(what) != std::string::npos; }

std::string StderrTail(const ProgramRun& run) {
  std::string tail = Tail(run.stderr_text);
  return tail.empty() ? std::string(" It printed nothing on stderr.")
                      : "\n  The end of what it printed on stderr:\n" + tail;
}

}  // namespace

std::string DescribeExit(const ProgramRun& run) {
  if (run.signal != 0)
    return fmt::format("was killed by signal {} ({})", run.signal, strsignal(run.signal));
  return fmt::format("exited with status {}", run.status);
}

Finding CheckPython2(const ProgramRun& run) {
  const std::string& err = run.stderr_text;
  const char* what = nullptr;
  if (Has(err, "Missing parentheses in call to 'print'"))
    what = "a print statement without parentheses";
  else if (Has(err, "name 'raw_input' is not defined"))
    what = "raw_input()";
  else if (Has(err, "name 'unicode' is not defined") || Has(err, "name 'xrange' is not defined"))
    what = "a Python 2 built-in";
  else if (Has(err, "SyntaxError") && (Has(err, "except ") && Has(err, ", e:")))
    what = "'except X, e:'";
  if (what == nullptr) return Finding::Ok();
  return Finding{Code::kPython2,
                 fmt::format("{} is Python 2 code ({}), and netgrade runs it with python3. Use "
                             "print(...) with parentheses, input() instead of raw_input(), and send "
                             "bytes: sock.send(text.encode()).{}",
                             run.display_name, what, StderrTail(run))};
}

Finding CheckCrash(const ProgramRun& run) {
  if (!run.exited) return Finding::Ok();
  if (run.signal == 0 && run.status == 0) return Finding::Ok();
  if (run.signal == 0 && run.status == 127 && Has(run.stderr_text, "netgrade: cannot run"))
    return Finding{Code::kCrashed, fmt::format("{} could not be started.{}", run.display_name,
                                               StderrTail(run))};
  return Finding{Code::kCrashed,
                 fmt::format("{} {} before the case was over.{}", run.display_name, DescribeExit(run),
                             StderrTail(run))};
}

Finding CheckLimits(const ProgramRun& run) {
  const std::string& name = run.display_name;
  if (run.process_limit_hit)
    return Finding{Code::kTooManyProcesses,
                   fmt::format("{} started more than {} processes (a fork() in a loop?), so further "
                               "fork() calls failed. A server for this exercise needs one process.",
                               name, run.process_limit)};
  bool out_of_memory = run.memory_limit_hit || Has(run.stderr_text, "MemoryError") ||
                       Has(run.stderr_text, "std::bad_alloc") || Has(run.stderr_text, "Cannot allocate memory");
  if (out_of_memory)
    return Finding{Code::kMemoryLimit,
                   fmt::format("{} used more than {} MiB of memory and was stopped there.{}", name,
                               run.memory_limit >> 20, StderrTail(run))};
  if (run.signal == SIGXCPU)
    return Finding{Code::kCpuLimit, fmt::format("{} used more than {} s of CPU time (a busy loop?) and "
                                                "was stopped.", name, run.cpu_limit_s)};
  if (run.signal == SIGXFSZ)
    return Finding{Code::kFileSizeLimit, fmt::format("{} wrote a file bigger than the limit and was stopped.", name)};
  if (run.output_cut)
    return Finding{Code::kOutputLimit,
                   fmt::format("{} printed more than {} MiB; the rest was discarded. Print each message "
                               "once, not in a loop.", name, std::max<int64_t>(1, run.output_cap >> 20))};
  return Finding::Ok();
}

Finding CheckExitRule(spec::ExitRule rule, const ProgramRun& run) {
  switch (rule) {
    case spec::ExitRule::kAny:
      return Finding::Ok();
    case spec::ExitRule::kRequired:
      if (!run.exited)
        return Finding{Code::kDidNotExit,
                       fmt::format("{} did not exit after the end of its input. When input() raises "
                                   "EOFError (or fgets/read returns nothing), close the socket and "
                                   "leave the loop.",
                                   run.display_name)};
      if (run.signal != 0 || run.status != 0)
        return Finding{Code::kCrashed,
                       fmt::format("{} {} at the end of its input instead of exiting with status 0 "
                                   "(catch EOFError to end the loop cleanly).{}",
                                   run.display_name, DescribeExit(run), StderrTail(run))};
      return Finding::Ok();
    case spec::ExitRule::kRunning:
      if (run.exited)
        return Finding{Code::kStoppedEarly,
                       fmt::format("{} {} while it should have kept running to serve the next "
                                   "connection: a server loops around accept() (or recvfrom()).{}",
                                   run.display_name, DescribeExit(run), StderrTail(run))};
      return Finding::Ok();
  }
  return Finding::Ok();
}

}  // namespace netgrade::check
