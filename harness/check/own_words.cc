#include "harness/check/own_words.h"

#include <fmt/core.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness/base/text.h"
#include "harness/check/causes.h"
#include "harness/check/program.h"
#include "harness/check/traceback.h"
#include "harness/spec/given_files.h"

namespace netgrade::check {
namespace {

std::vector<std::string> NonBlankLines(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& line : SplitLines(text.substr(0, 64 << 10)))
    if (TrimRight(line).find_first_not_of(" \t") != std::string_view::npos)
      out.emplace_back(TrimRight(line));
  return out;
}

// Whether the line says a file could not be found or opened, in the words programs use.
bool AboutAMissingFile(const std::string& line) {
  std::string l = AsciiLower(line);
  for (const char* words : {"not found", "no such file", "does not exist", "doesn't exist",
                            "cannot open", "can't open", "could not open", "couldn't open"})
    if (l.find(words) != std::string::npos) return true;
  return false;
}

// The files the spec puts in this role's folder, as the case names them on its input.
std::vector<std::string> GivenFilesAsked(const observe::Observation& obs) {
  std::vector<std::string> out;
  for (const spec::GivenFile& g : obs.spec->files) {
    if (!spec::GoesTo(g, obs.test->role)) continue;
    for (const std::string& line : obs.test->stdin_lines)
      if (line == g.path && std::find(out.begin(), out.end(), g.path) == out.end())
        out.push_back(g.path);
  }
  return out;
}

// `f` with the ends of what the program printed (`out` and `err`: its non-blank lines on
// stdout and stderr), when it printed more than the one line `f` quotes, and what `judged`
// said followed.
Finding WithWhatItPrinted(Finding f, const observe::Observation& obs,
                          const std::vector<std::string>& out, const std::vector<std::string>& err,
                          const Finding& judged) {
  if (out.size() + err.size() > 1) {
    if (!out.empty()) f.AddNote("The end of what it printed on stdout:\n" + Tail(obs.stdout_text));
    if (!err.empty())
      f.AddNote("The end of what it printed on stderr:\n" + Tail(obs.program.stderr_text));
  }
  f.AddNote("What followed: " + judged.Text());
  return f;
}

}  // namespace

Finding StoppedInItsOwnWords(const observe::Observation& obs, const Finding& judged) {
  if (judged.code != Code::kNeverConnected || obs.role == nullptr || obs.role->listens ||
      obs.test == nullptr || !obs.program.exited || obs.program.status != 0 ||
      obs.program.signal != 0 || !obs.connections.empty())
    return Finding::Ok();
  std::vector<std::string> out = NonBlankLines(obs.stdout_text);
  std::vector<std::string> err = NonBlankLines(obs.program.stderr_text);
  const std::vector<std::string>& lines = out.empty() ? err : out;
  if (lines.empty()) return Finding::Ok();
  const std::string& name = obs.program.display_name;
  Finding f{.code = judged.code,
            .cause = Say("{} printed {} and exited with status 0: it stopped on its own, "
                         "before it ever connected to the reference server.",
                         name, Quote(lines.back(), 160))};
  std::vector<std::string> asked = GivenFilesAsked(obs);
  if (AboutAMissingFile(lines.back()) && !asked.empty())
    f.fix =
        Say("netgrade puts the files it is asked for in its folder, its working directory, under "
            "the names given on its input ({}): open each by its name as given, with no folder "
            "before it.",
            QuoteList(asked));
  return WithWhatItPrinted(std::move(f), obs, out, err, judged);
}

Finding ListenerStoppedInItsOwnWords(const observe::Observation& obs, const Finding& judged,
                                     const SocketTerms& terms) {
  if ((judged.code != Code::kStoppedListening && judged.code != Code::kNeverListened &&
       judged.code != Code::kCrashed) ||
      obs.role == nullptr || !obs.role->listens || !obs.program.exited || obs.program.signal != 0 ||
      !RaisedAt(obs.program.stderr_text).empty() ||
      !TracebackPlace(obs.program.stderr_text).empty())
    return Finding::Ok();
  // Not started (exec failed, its #! names nothing here), or a cause known from how it ended:
  // those are told better than by its last line.
  if (obs.program.exec_errno != 0 || obs.program.status == 126 || obs.program.status == 127 ||
      !CheckVoidMain(obs.program).ok() ||
      !CrashCause(obs.program, TracebackContextOf(obs, terms)).empty())
    return Finding::Ok();
  std::vector<std::string> out = NonBlankLines(obs.stdout_text);
  std::vector<std::string> err = NonBlankLines(obs.program.stderr_text);
  const std::vector<std::string>& lines = err.empty() ? out : err;
  if (lines.empty()) return Finding::Ok();
  Finding f{.code = judged.code,
            .cause = Say("{} printed {} and exited with status {}: it stopped on its own "
                         "before the case was over.",
                         obs.program.display_name, Quote(lines.back(), 160), obs.program.status)};
  if (AsciiLower(lines.back()).find("network is unreachable") != std::string::npos)
    f.fix =
        "The grading computer reaches no other computer, so a server that finds its own "
        "address by connecting somewhere (8.8.8.8) stops here. Bind to '' (every address of "
        "the computer) instead.";
  return WithWhatItPrinted(std::move(f), obs, out, err, judged);
}

}  // namespace netgrade::check
