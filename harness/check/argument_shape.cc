#include "harness/check/argument_shape.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/text.h"
#include "harness/check/program.h"
#include "harness/check/program_source.h"
#include "harness/check/traceback.h"
#include "harness/check/usage_line.h"
#include "harness/spec/given_files.h"

namespace netgrade::check {
namespace {
namespace fs = std::filesystem;

// The exception the program stopped with, as read from what it printed.
struct Stopped {
  std::string name;      // "ArrayIndexOutOfBoundsException", "ValueError"
  std::string message;   // "Index 1 out of bounds for length 1"
  std::string place;     // "Client.java, line 8", or "" when it printed no stack
  bool printed = false;  // caught and printed by the program itself (no stack, no traceback)
  std::string line;      // that printed line
};

bool Has(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

// Java's exceptions of reading an argument that is not there or not a number, on stderr
// (uncaught: "Exception in thread "main" java.lang....", then "\tat Client.main(Client.java:8)")
// or in a line the program printed itself ("Error: java.lang.Array...").
std::optional<Stopped> JavaException(const std::string& text, bool own_line) {
  static const RE2 exception(
      R"((?:java\.lang\.)?(ArrayIndexOutOfBoundsException|StringIndexOutOfBoundsException|)"
      R"(NumberFormatException)(?:: ([^\n]*))?)");
  static const RE2 frame(R"(\n\s*at [\w.$<>]+\((\w+\.java):(\d+)\))");
  re2::StringPiece in(text), name, message;
  if (!RE2::FindAndConsume(&in, exception, &name, &message)) return std::nullopt;
  Stopped s{.name = std::string(name),
            .message = std::string(TrimRight(std::string_view(message.data(), message.size())))};
  std::string file, line;
  if (RE2::PartialMatch(std::string(in).substr(0, 400), frame, &file, &line))
    s.place = fmt::format("{}, line {}", file, line);
  if (own_line) {
    size_t at = static_cast<size_t>(name.data() - text.data());
    size_t start = text.rfind('\n', at);
    start = start == std::string::npos ? 0 : start + 1;
    s.line = text.substr(start, text.find('\n', at) - start);
    s.printed = true;
  }
  return s;
}

// Python's: a traceback whose exception is ValueError (unpacking one part into two) or
// IndexError, raised in the student's file.
std::optional<Stopped> PythonException(const std::string& stderr_text) {
  if (!Has(stderr_text, "Traceback (most recent call last):")) return std::nullopt;
  std::vector<std::string> lines = SplitLines(stderr_text);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    for (const char* name : {"ValueError", "IndexError"})
      if (it->rfind(std::string(name) + ": ", 0) == 0)
        return Stopped{.name = name,
                       .message = it->substr(std::string(name).size() + 2),
                       .place = TracebackPlace(stderr_text)};
    if (!TrimRight(*it).empty()) break;
  }
  return std::nullopt;
}

// Where its source splits an argument at ':': "Client.java, line 6" and that line, trimmed.
struct Split {
  std::string place;
  std::string code;
  std::string extension;  // ".java", ".py": the language of the fix
  std::string array;      // the name of the arguments' array: "args", "argv"
};

std::optional<Split> ColonSplit(const std::string& program_path) {
  static const RE2 split(
      R"(\b(args|argv)\s*\[\s*\d+\s*\]\s*\.\s*(?:r?split|partition|rpartition)\s*\(\s*["']:["'])");
  for (const fs::path& source : SourcesOf(program_path)) {
    std::vector<std::string> lines = SplitLines(ReadSource(source));
    std::string array;
    for (size_t i = 0; i < lines.size(); ++i)
      if (RE2::PartialMatch(lines[i], split, &array)) {
        std::string code(lines[i]);
        code.erase(0, code.find_first_not_of(" \t"));
        return Split{.place = fmt::format("{}, line {}", source.filename().string(), i + 1),
                     .code = std::string(TrimRight(code)),
                     .extension = AsciiLower(source.extension().string()),
                     .array = array};
      }
  }
  return std::nullopt;
}

std::string Count(size_t n) {
  static const char* words[] = {"no", "one", "two", "three", "four", "five"};
  return n < 6 ? words[n] : std::to_string(n);
}

// "two arguments, '127.0.0.1' and '40123' (the host, then the port)".
std::string GivenArguments(const std::vector<std::string>& args,
                           const std::vector<std::string>& template_argv) {
  std::vector<std::string> quoted, roles;
  for (size_t i = 0; i < args.size(); ++i) {
    quoted.push_back(Quote(args[i], 40));
    if (i < template_argv.size())
      roles.push_back(template_argv[i] == "{host}"   ? "the host"
                      : template_argv[i] == "{port}" ? "the port"
                                                     : "");
  }
  std::string list;
  for (size_t i = 0; i < quoted.size(); ++i)
    list += (i == 0 ? "" : i + 1 == quoted.size() ? " and " : ", ") + quoted[i];
  std::string what;
  if (std::none_of(roles.begin(), roles.end(), [](const std::string& r) { return r.empty(); })) {
    for (size_t i = 0; i < roles.size(); ++i)
      what += (i == 0 ? "" : i + 1 == roles.size() ? ", then " : ", ") + roles[i];
    what = " (" + what + ")";
  }
  return fmt::format("{} argument{}, {}{}", Count(args.size()), args.size() == 1 ? "" : "s", list,
                     what);
}

// Where the host and the port go, in the program's language (`extension`): Java's args[0]
// and args[1], Python's sys.argv[1] and sys.argv[2].
std::string TakeThem(const Split& split, size_t host, size_t port) {
  if (split.extension == ".java")
    return fmt::format(
        "Take the host from {0}[{1}] and the port from {0}[{2}], as two arguments: "
        "String host = {0}[{1}]; int port = Integer.parseInt({0}[{2}]);",
        split.array, host - 1, port - 1);
  if (split.extension == ".py")
    return fmt::format(
        "Take the host from sys.argv[{0}] and the port from sys.argv[{1}], as two arguments: "
        "host, port = sys.argv[{0}], int(sys.argv[{1}]).",
        host, port);
  return "Take the host and the port as two arguments, in that order.";
}

// The line `place` ("server.py, line 59") names in the program's sources and the `before`
// lines above it, each trimmed, that line last; none when no source holds it.
std::vector<std::string> SourceLinesAt(const std::string& program_path, const std::string& place,
                                       size_t before = 0) {
  static const RE2 where(R"((.+), line (\d+))");
  std::string file;
  size_t number = 0;
  if (!RE2::FullMatch(place, where, &file, &number) || number == 0) return {};
  for (const fs::path& source : SourcesOf(program_path)) {
    if (source.filename().string() != file) continue;
    std::vector<std::string> lines = SplitLines(ReadSource(source));
    if (number > lines.size()) return {};
    std::vector<std::string> out;
    for (size_t i = number > before ? number - before : 1; i <= number; ++i) {
      std::string code = lines[i - 1];
      code.erase(0, code.find_first_not_of(" \t"));
      out.emplace_back(TrimRight(code));
    }
    return out;
  }
  return {};
}

std::string SourceLineAt(const std::string& program_path, const std::string& place) {
  std::vector<std::string> lines = SourceLinesAt(program_path, place);
  return lines.empty() ? "" : lines.back();
}

// The argument a line of code reads by its index past those given: "sys.argv[2]" (Python
// counts the program as sys.argv[0]) or "args[1]" (Java's are the arguments alone), with how
// many arguments it takes; nullopt when it reads none past `given`.
struct ArgumentRead {
  std::string expression;
  size_t wants = 0;
};
std::optional<ArgumentRead> ReadsPast(const std::string& code, size_t given, bool java) {
  static const RE2 index(R"(\b((?:sys\.)?argv|args)\s*\[\s*(\d+)\s*\])");
  re2::StringPiece in(code);
  std::string array;
  size_t i = 0;
  while (RE2::FindAndConsume(&in, index, &array, &i)) {
    const size_t wants = java ? i + 1 : i;
    if (wants > given) return ArgumentRead{fmt::format("{}[{}]", array, i), wants};
  }
  return std::nullopt;
}

// The program stopped at an index past an array's end, or with too few parts to unpack, at a
// place in its own files: Java's ArrayIndexOutOfBoundsException, Python's IndexError or its
// ValueError "not enough values to unpack"; nullopt otherwise.
std::optional<Stopped> TooFewParts(const std::string& stderr_text) {
  std::optional<Stopped> s = JavaException(stderr_text, false);
  if (s && s->name != "ArrayIndexOutOfBoundsException") return std::nullopt;
  if (!s) s = PythonException(stderr_text);
  if (!s || s->place.empty() ||
      (s->name == "ValueError" && !Has(s->message, "not enough values to unpack")))
    return std::nullopt;
  return s;
}

}  // namespace

Finding ReadsAnArgumentNotGiven(const observe::Observation& obs, const Finding& judged) {
  if (!obs.program.exited || obs.role == nullptr || obs.test == nullptr) return Finding::Ok();
  // An index past the arguments' end (an unpacking of them is WantsHostColonPort's).
  std::optional<Stopped> stopped = TooFewParts(obs.program.stderr_text);
  if (!stopped || stopped->name == "ValueError") return Finding::Ok();
  const bool java = stopped->name == "ArrayIndexOutOfBoundsException";
  const std::string code = SourceLineAt(obs.program.program_path, stopped->place);
  const size_t given = obs.program.args.size();
  std::optional<ArgumentRead> read = ReadsPast(code, given, java);
  if (!read) return Finding::Ok();
  const std::vector<std::string>& argv = spec::CaseArgv(*obs.role, *obs.test);
  const std::string& name = obs.program.display_name;
  return Finding{
      .code = judged.code,
      .cause = Say("{} stopped with {} at {}, reading {} ({}): it wants at least {} arguments on "
                   "its command line, and was given {}.",
                   name, stopped->name, EscapeText(stopped->place, 80), read->expression,
                   Quote(code, 100), Count(read->wants), GivenArguments(obs.program.args, argv)),
      .fix = Say("netgrade runs it as the handout says, '{}': take the arguments in that "
                 "order and form, and nothing more (a file or a second port the program "
                 "needs is written in it, or given as the handout says).",
                 HandoutCommandLine(name, argv)),
      .notes = {"What followed: " + judged.Text()},
      .difference = judged.difference};
}

namespace {

// The lines of a table that split on one space into a single part, in the given file's
// words: "a blank line (line 3) and a tab between its words (line 4)".
std::string LinesThatSplitShort(const std::string& content) {
  std::vector<std::string> kinds;
  auto note = [&kinds](const std::string& what, size_t line) {
    if (std::none_of(kinds.begin(), kinds.end(),
                     [&](const std::string& k) { return k.rfind(what, 0) == 0; }))
      kinds.push_back(fmt::format("{} (line {})", what, line));
  };
  std::vector<std::string> lines = SplitLines(content);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = TrimRight(lines[i]);
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
      note("a blank line", i + 1);
      continue;
    }
    line.remove_prefix(first);
    if (line.find('\t') != std::string_view::npos && line.find(' ') == std::string_view::npos)
      note("a tab between its words", i + 1);
  }
  std::string out;
  for (size_t i = 0; i < kinds.size(); ++i)
    out += (i == 0 ? "" : i + 1 == kinds.size() ? " and " : ", ") + kinds[i];
  return out;
}

}  // namespace

Finding SplitsALineOfAGivenFile(const observe::Observation& obs, const Finding& judged) {
  if (!obs.program.exited || obs.spec == nullptr || obs.test == nullptr) return Finding::Ok();
  std::optional<Stopped> stopped = TooFewParts(obs.program.stderr_text);
  if (!stopped) return Finding::Ok();
  // Nothing came from the network yet: what it split was read from a file (or its arguments).
  for (const peers::ConnectionLog& c : obs.connections)
    if (!c.sent.empty()) return Finding::Ok();
  // The split on that line or just above it (`columns = line.split(" ")`, then `columns[1]`).
  static const RE2 split(R"(\.split\s*\()");
  std::string splitting;
  for (const std::string& line : SourceLinesAt(obs.program.program_path, stopped->place, 3))
    if (RE2::PartialMatch(line, split)) splitting = line;
  // An argument split (host:port) is WantsHostColonPort's or the program's own business.
  static const RE2 argument(R"(\b(argv|args)\b)");
  if (splitting.empty() || RE2::PartialMatch(splitting, argument)) return Finding::Ok();
  const std::string& code = splitting;
  for (const spec::GivenFile& g : obs.spec->files) {
    if (g.draw || g.drawn_bytes || !spec::GoesTo(g, obs.test->role)) continue;
    const std::string kinds = LinesThatSplitShort(g.content);
    if (kinds.empty()) continue;
    const std::string& name = obs.program.display_name;
    return Finding{
        .code = judged.code,
        .cause = Say("{} stopped with {}{} at {}, splitting a line ({}): {} holds {}, where the "
                     "line splits into fewer parts than the program takes.",
                     name, stopped->name,
                     stopped->message.empty() ? "" : " (" + EscapeText(stopped->message, 80) + ")",
                     EscapeText(stopped->place, 80), Quote(code, 100), Quote(g.path, 60), kinds),
        .fix =
            "Skip blank lines and lines that start with '#', and split on any run of spaces "
            "and tabs: line.split() in Python, line.trim().split(\"\\\\s+\") in Java, "
            "sscanf(line, \"%s %s\", ...) in C.",
        .notes = {"What followed: " + judged.Text()},
        .difference = judged.difference};
  }
  return Finding::Ok();
}

Finding WantsHostColonPort(const observe::Observation& obs, const Finding& judged) {
  if (!obs.program.exited || obs.role == nullptr || obs.test == nullptr ||
      !obs.connections.empty() || obs.program.args.empty())
    return Finding::Ok();
  // Given a ':' in an argument, the split found it: not this mistake.
  for (const std::string& a : obs.program.args)
    if (Has(a, ":")) return Finding::Ok();
  std::optional<Stopped> stopped = JavaException(obs.program.stderr_text, false);
  if (!stopped) stopped = PythonException(obs.program.stderr_text);
  if (!stopped) stopped = JavaException(obs.stdout_text.substr(0, 64 << 10), true);
  if (!stopped) return Finding::Ok();
  std::optional<Split> split = ColonSplit(obs.program.program_path);
  if (!split) return Finding::Ok();
  const std::vector<std::string>& argv = spec::CaseArgv(*obs.role, *obs.test);
  const std::string& name = obs.program.display_name;
  std::string how =
      stopped->printed
          ? fmt::format("{} printed {} and {}", name, Quote(stopped->line, 160),
                        DescribeExit(obs.program))
          : fmt::format(
                "{} stopped with {}{}{}", name, stopped->name,
                stopped->message.empty() ? "" : " (" + EscapeText(stopped->message, 80) + ")",
                stopped->place.empty() ? "" : " at " + EscapeText(stopped->place, 80));
  // The line that splits, named unless it is the one the exception was raised at.
  std::string where = split->place == stopped->place
                          ? Quote(split->code, 100)
                          : EscapeText(split->place, 80) + ": " + Quote(split->code, 100);
  Finding f{.code = judged.code,
            .cause = Say("{}, reading its arguments: it was given {}, and it looks for the "
                         "port after a ':' in one argument ({}).",
                         how, GivenArguments(obs.program.args, argv), where),
            .notes = {"What followed: " + judged.Text()},
            .difference = judged.difference};
  size_t host = spec::HostArgument(argv), port = spec::PortArgument(argv);
  if (host > 0 && port > 0) f.fix = TakeThem(*split, host, port);
  return f;
}

}  // namespace netgrade::check
