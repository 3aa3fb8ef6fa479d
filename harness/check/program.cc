#include "harness/check/program.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <regex>

#include "harness/base/file.h"
#include "harness/base/text.h"
#include "harness/check/program_source.h"
#include "harness/check/traceback.h"

namespace netgrade::check {
namespace {
namespace fs = std::filesystem;

bool Has(const std::string& text, const char* what) { return text.find(what) != std::string::npos; }

}  // namespace

std::string WithoutWorkdir(std::string text) {
  constexpr std::string_view kMark = "/submission/";
  for (size_t at = text.find(kMark); at != std::string::npos; at = text.find(kMark, at)) {
    size_t start = text.find_last_of(" \"'\n", at);
    start = start == std::string::npos ? 0 : start + 1;
    if (text.compare(start, 1, "/") != 0 || text.find("/netgrade-", start) > at) {
      at += kMark.size();
      continue;
    }
    text.erase(start, at + kMark.size() - start);
    at = start;
  }
  return text;
}

const char* SpunInsteadOfExiting(const observe::ProgramRun& run) {
  if (run.asleep_after_input)
    return ": it went to sleep (sleep() or time.sleep()) for longer than the case lasts, so "
           "the case ended there instead of at its timeout";
  return run.spun_after_input
             ? ": it kept a CPU busy instead of exiting, with every answer printed and "
               "nothing more to read, so the case ended there instead of at its timeout"
             : "";
}

namespace {

std::string StderrTail(const observe::ProgramRun& run) {
  std::string tail = Tail(run.stderr_text);
  // A traceback's frame in the student's own file stays in view when the tail begins below
  // it (Python 3.11's carets and the library's frames take lines).
  std::string frame = TracebackFrame(run.stderr_text);
  size_t end_of_file_line = frame.find('\n') + 1;
  if (!frame.empty() && tail.find(frame.substr(0, end_of_file_line - 1)) == std::string::npos) {
    // Its line of code is often the tail's first: then the frame's own line goes above it.
    std::string code = Tail(frame.substr(end_of_file_line));
    bool joined = !code.empty() && tail.rfind(code, 0) == 0;
    tail = Tail(frame.substr(0, joined ? end_of_file_line : frame.size())) +
           (joined ? "" : "    ...\n") + tail;
  }
  tail = WithoutWorkdir(tail);
  return tail.empty() ? std::string("It printed nothing on stderr.")
                      : "\n  The end of what it printed on stderr:\n" + tail;
}

}  // namespace

Phrase CrashCause(const observe::ProgramRun& run, const TracebackContext& given) {
  TracebackContext context = given;
  context.bound_port = PortAssignedForBind(run);
  Phrase why = ExplainTraceback(run.stderr_text, context);
  if (why.empty()) return "";
  // Where, a value whichever way it is known: the file and line, the file alone, the line of
  // code to fix.
  std::string place = TracebackPlace(run.stderr_text);
  // A closed listening socket is noticed at accept(); the line to fix is its close(). A method
  // not called is noticed where its value is used; the line to fix names it.
  if (AcceptOnClosedSocket(run.stderr_text))
    if (std::string close = CloseOfListeningSocket(run); !close.empty()) place = close;
  if (MethodNotCalled(run.stderr_text))
    if (std::string named = UncalledMethod(run); !named.empty()) place = named;
  return Say("{}: {}", place.empty() ? run.display_name : place, why);
}

namespace {

// A program that ended before its time: what its traceback means leads when known (the cause),
// else the exception it raised where it was raised ("client.py, line 51 raised NameError: ...");
// then how it ended (`ended`, a sentence), then the end of its stderr.
Finding Crashed(Code code, const observe::ProgramRun& run, const TracebackContext& context,
                Phrase ended) {
  Phrase why = CrashCause(run, context);
  if (why.empty()) why = RaisedAt(run.stderr_text);
  if (why.empty())
    return Finding{.code = code, .cause = std::move(ended), .evidence = StderrTail(run)};
  return Finding{.code = code, .cause = why, .evidence = JoinParts({ended, StderrTail(run)})};
}

}  // namespace

Finding CheckVoidMain(const observe::ProgramRun& run) {
  if (!run.exited || run.signal != 0 || run.status == 0) return Finding::Ok();
  std::string source = VoidMainSource(run);
  if (source.empty()) return Finding::Ok();
  return Finding{
      .code = Code::kVoidMain,
      .cause = Say("{} ended by itself with status {}, and {} declares 'void main': main "
                   "then returns no status, and the program ends with whatever number "
                   "was left over, which looks like a failure.",
                   run.display_name, run.status, Quote(source)),
      .fix = "Declare 'int main' and end it with 'return 0;'."};
}

Phrase DescribeExit(const observe::ProgramRun& run) {
  if (run.signal != 0)
    return Say("was killed by signal {} ({})", run.signal, strsignal(run.signal));
  return Say("exited with status {}", run.status);
}

namespace {
// The number with Python 2's L suffix (0xffffffffL, 10L) on the source line a SyntaxError
// quotes, without its L ("0xffffffff"); "" when there is none, or merely a number run into a
// name (0x1fg, 1st).
std::string LongLiteral(const std::string& err) {
  static const std::regex kLong(R"((^|[^\w])(0[xX][0-9a-fA-F]+|\d+)[lL]($|[^\w]))");
  std::smatch m;
  for (const std::string& line : SplitLines(err))
    if (std::regex_search(line, m, kLong)) return m[2].str();
  return "";
}
}  // namespace

Finding CheckPython2(const observe::ProgramRun& run) {
  const std::string& err = run.stderr_text;
  Phrase what;  // which Python 2 habit: the mistake, in the cause's shape
  Phrase fix;
  std::string literal;
  if (Has(err, "Missing parentheses in call to 'print'")) {
    what = "a print statement without parentheses";
    fix = "write print(...) with parentheses";
  } else if (Has(err, "name 'raw_input' is not defined")) {
    what = "raw_input()";
    fix = "use input() instead of raw_input()";
  } else if (Has(err, "name 'unicode' is not defined") ||
             Has(err, "name 'xrange' is not defined")) {
    what = "a Python 2 built-in";
    fix = "use str instead of unicode and range instead of xrange";
  } else if ((Has(err, "SyntaxError: invalid hexadecimal literal") ||
              Has(err, "SyntaxError: invalid decimal literal") ||
              Has(err, "SyntaxError: invalid syntax")) &&
             !(literal = LongLiteral(err)).empty()) {
    // The textbook's checksum: 'answer & 0xffffffffL'. Python 3's ints have no L suffix (3.10
    // calls it an invalid literal, older ones invalid syntax). The number the program wrote
    // is named, not one it did not.
    literal = EscapeText(literal, 24);
    what = Say("the L after {}, Python 2's long integer", literal);
    fix = Say("write {} without the L: Python 3's integers need no suffix", literal);
  } else if (Has(err, "SyntaxError") && Has(err, "except ") &&
             (Has(err, ", e:") || Has(err, "multiple exception types must be parenthesized"))) {
    // Python 2's "except error, msg:" is "except error as msg:" in Python 3.
    what = "'except X, e:'";
    fix = "write 'except X as e:'";
  }
  if (what.empty()) return Finding::Ok();
  return Finding{
      .code = Code::kPython2,
      .cause = Say("{} is Python 2 code ({}), and netgrade runs it with python3: {}.",
                   run.display_name, what, fix),
      .fix =
          "Check the rest for Python 2 too: print(...) with parentheses, input() instead of "
          "raw_input(), and send bytes: sock.send(text.encode()).",
      .notes = {StderrTail(run)}};
}

Finding CheckCrash(const observe::ProgramRun& run, const TracebackContext& context) {
  if (!run.exited) return Finding::Ok();
  if (run.signal == 0 && run.status == 0) return Finding::Ok();
  if (run.exec_errno != 0) {
    if (std::string why = MissingInterpreter(run); !why.empty())
      return Finding{.code = Code::kCrashed,
                     .cause = Say("{} could not be started: {}", run.display_name, why)};
    return Finding{.code = Code::kCrashed,
                   .cause = Say("{} could not be started.", run.display_name),
                   .evidence = StderrTail(run)};
  }
  // "#!/usr/bin/env python3" saved with Windows line endings: env looks for "python3\r".
  if (run.signal == 0 && run.status == 127 && Has(run.stderr_text, "env: ") &&
      Has(run.stderr_text, "\r") && Has(run.stderr_text, "No such file or directory"))
    return Finding{
        .code = Code::kCrashed,
        .cause =
            Say("{} could not be started: its #! line ends with a Windows line ending (\\r), so "
                "env looks for a program whose name ends in \\r, which does not exist.",
                run.display_name),
        .fix = "Save the file with Unix line endings (LF)."};
  if (Finding f = CheckVoidMain(run); !f.ok()) return f;
  return Crashed(AcceptOnClosedSocket(run.stderr_text) ? Code::kStoppedListening : Code::kCrashed,
                 run, context,
                 Say("{} {} before the case was over.", run.display_name, DescribeExit(run)));
}

Finding CheckLimits(const observe::ProgramRun& run) {
  const std::string& name = run.display_name;
  if (run.process_limit_hit)
    return Finding{.code = Code::kTooManyProcesses,
                   .cause = Say("{} started more than {} processes (a fork() in a loop?), "
                                "so {}.",
                                name, run.process_limit,
                                run.process_limit_stopped ? "it was stopped there"
                                                          : "further fork() calls failed"),
                   .fix = "A server for this exercise needs one process."};
  bool out_of_memory = run.memory_limit_hit || Has(run.stderr_text, "MemoryError") ||
                       Has(run.stderr_text, "std::bad_alloc") ||
                       Has(run.stderr_text, "Cannot allocate memory") ||
                       // Java's, Go's, Node's and Rust's own words at their allocation's failure
                       Has(run.stderr_text, "java.lang.OutOfMemoryError") ||
                       Has(run.stderr_text, "runtime: out of memory") ||
                       Has(run.stderr_text, "fatal error: out of memory") ||
                       Has(run.stderr_text, "JavaScript heap out of memory") ||
                       Has(run.stderr_text, "Array buffer allocation failed") ||
                       Has(run.stderr_text, "memory allocation of ");
  if (out_of_memory)
    return Finding{.code = Code::kMemoryLimit,
                   .cause = Say("{} used more than {} MiB of memory and was stopped there.", name,
                                run.memory_limit >> 20),
                   .evidence = StderrTail(run)};
  if (run.signal == SIGXCPU)
    return Finding{
        .code = Code::kCpuLimit,
        .cause = Say("{} used more than {} s of CPU time and was stopped: a busy loop?", name,
                     run.cpu_limit_s),
        .fix = "A loop that waits should block in accept(), recv() or input(), not spin."};
  if (run.disk_limit_hit)
    return Finding{
        .code = Code::kDiskLimit,
        .cause = Say("{} wrote more in its folder than netgrade allows ({} MiB, or {} "
                     "files and folders), and {}.",
                     name, run.disk_limit_bytes >> 20, run.disk_limit_entries,
                     run.signal == SIGKILL ? "was stopped there" : "its writes failed there"),
        .fix = "Does it write or make folders in a loop that never ends?",
        .notes = {StderrTail(run)}};
  // Python ignores SIGXFSZ, so its write fails with EFBIG instead of the program dying.
  if (run.signal == SIGXFSZ || Has(run.stderr_text, "File too large"))
    return Finding{.code = Code::kFileSizeLimit,
                   .cause = Say("{} wrote a file bigger than {}, and {}.", name,
                                run.file_size_limit > 0 ? fmt::format("{} MiB, the limit here",
                                                                      run.file_size_limit >> 20)
                                                        : std::string("the limit here"),
                                run.signal == SIGXFSZ ? "was stopped" : "its write() failed"),
                   .fix = "Does it write in a loop that never ends?",
                   .notes = {StderrTail(run)}};
  if (Has(run.stderr_text, "Too many open files"))
    return Finding{
        .code = Code::kOpenFilesLimit,
        .cause = Say("{} opened {}, so the next open() or socket() failed.", name,
                     run.open_files_limit > 0
                         ? fmt::format("more than {} files and sockets at once, the limit "
                                       "here",
                                       run.open_files_limit)
                         : std::string("more files and sockets at once than the limit "
                                       "here")),
        .fix =
            "Close what you no longer need (conn.close() after each client, f.close() or "
            "'with open(...)').",
        .notes = {StderrTail(run)}};
  if (run.output_cut)
    return Finding{.code = Code::kOutputLimit,
                   .cause = Say("{} printed more than {} MiB; the rest was discarded.", name,
                                std::max<int64_t>(1, run.output_cap >> 20)),
                   .fix = "Print each message once, not in a loop."};
  return Finding::Ok();
}

Finding CheckExitRule(spec::ExitRule rule, const observe::ProgramRun& run, const SocketTerms& terms,
                      InputUse input, const TracebackContext& context) {
  switch (rule) {
    case spec::ExitRule::kAny:
      return Finding::Ok();
    case spec::ExitRule::kRequired:
      if (!run.exited) {
        // EOFError is named only to a Python program that reads the case's input with input().
        if (input == InputUse::kPythonInput)
          return Finding{
              .code = Code::kDidNotExit,
              .cause = Say("{} did not exit after the end of its input{}.", run.display_name,
                           SpunInsteadOfExiting(run)),
              .fix =
                  "When input() raises EOFError (or fgets/read returns nothing), close the "
                  "socket and leave the loop."};
        if (input == InputUse::kRead)
          return Finding{
              .code = Code::kDidNotExit,
              .cause = Say("{} did not exit after the end of its input{}.", run.display_name,
                           SpunInsteadOfExiting(run)),
              .fix =
                  "When reading its input returns nothing (the end of the input), close the "
                  "socket and leave the loop."};
        return Finding{.code = Code::kDidNotExit,
                       .cause = Say("{} did not exit by itself{}: this case expects it to end once "
                                    "its work is done.",
                                    run.display_name, SpunInsteadOfExiting(run)),
                       .fix =
                           "Close the socket and return from main (or reach the end of the script) "
                           "instead of waiting for more."};
      }
      if (Finding f = CheckVoidMain(run); !f.ok()) return f;
      if (run.signal != 0 || run.status != 0)
        return Crashed(
            Code::kCrashed, run, context,
            Say("{} {} {} instead of exiting with status 0{}.", run.display_name, DescribeExit(run),
                input == InputUse::kNone ? "at its end" : "at the end of its input",
                input == InputUse::kPythonInput ? " (catch EOFError to end the loop cleanly)"
                                                : ""));
      return Finding::Ok();
    case spec::ExitRule::kRunning:
      if (run.exited && AcceptOnClosedSocket(run.stderr_text))
        // Closing the listening socket has one code whichever way the case noticed it (here
        // after the answers; before them, CheckCrash), and the cause says all of it.
        return Crashed(Code::kStoppedListening, run, context,
                       Say("{} {} there.", run.display_name, DescribeExit(run)));
      if (run.exited)
        return Crashed(Code::kStoppedEarly, run, context,
                       Say("{} {} while it should have kept running to {}.", run.display_name,
                           DescribeExit(run), terms.keep_serving));
      return Finding::Ok();
  }
  return Finding::Ok();
}

}  // namespace netgrade::check
