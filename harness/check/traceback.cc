#include "harness/check/traceback.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <utility>
#include <vector>

#include "harness/base/text.h"
#include "harness/check/python3_habits.h"

namespace netgrade::check {
namespace {

bool Has(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

bool StartsWith(std::string_view text, std::string_view what) { return text.rfind(what, 0) == 0; }

std::string Trim(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r");
  if (start == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(start, end + 1 - start));
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// The exception: the last line that is not blank (Python prints it last, after the frames).
std::string LastLine(const std::string& text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return "";
  size_t start = text.rfind('\n', end);
  start = start == std::string::npos ? 0 : start + 1;
  return text.substr(start, end + 1 - start);
}

// A frame of the traceback: `  File "/tmp/.../server.py", line 21, in <module>` and the line
// of code Python prints under it.
struct Frame {
  std::string file;  // the file's name, without its folder
  int line = 0;
  std::string code;  // trimmed; "" when Python printed none
};

// The last frame in the student's own files: not Python's library (/usr/lib/python3...), not
// "<frozen ...>" or "<string>". A syntax error's `File "server.py", line 21` is one too.
std::optional<Frame> StudentFrame(const std::string& err) {
  std::vector<std::string> lines = Lines(err);
  std::optional<Frame> found;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string l = Trim(lines[i]);
    if (!StartsWith(l, "File \"")) continue;
    size_t close = l.find('"', 6);
    if (close == std::string::npos) continue;
    std::string path = l.substr(6, close - 6);
    if (path.empty() || path[0] == '<' || Has(path, "/lib/python") || StartsWith(path, "/usr/"))
      continue;
    size_t at = l.find(", line ", close);
    if (at == std::string::npos) continue;
    int number = 0;
    for (size_t k = at + 7; k < l.size() && std::isdigit(static_cast<unsigned char>(l[k])); ++k)
      number = std::min(number * 10 + (l[k] - '0'), 10'000'000);
    if (number == 0) continue;
    Frame f;
    f.file = path.substr(path.find_last_of('/') + 1);  // npos + 1 == 0
    f.line = number;
    if (i + 1 < lines.size()) {
      std::string next = Trim(lines[i + 1]);
      // Not the next frame, the exception, nor the carets under the code.
      if (!next.empty() && !StartsWith(next, "File \"") && lines[i + 1].rfind("    ", 0) == 0 &&
          next.find_first_not_of("^~ ") != std::string::npos)
        f.code = next;
    }
    found = f;
  }
  return found;
}

// "invalid literal for int() with base 10: '127.0.0.1'" -> 127.0.0.1 (as Python quoted it).
std::string LiteralOf(const std::string& line) {
  size_t colon = line.rfind(": ");
  if (colon == std::string::npos) return "";
  std::string value = line.substr(colon + 2);
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"')) {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

// The text between the first pair of single quotes: "No module named 'openpyxl'" -> openpyxl.
std::string Quoted(const std::string& line) {
  size_t open = line.find('\'');
  if (open == std::string::npos) return "";
  size_t close = line.find('\'', open + 1);
  if (close == std::string::npos) return "";
  return line.substr(open + 1, close - open - 1);
}

// A host name or an IPv4 address, not a port: a dot or a letter in it.
bool LooksLikeHost(const std::string& value) {
  return !value.empty() && std::any_of(value.begin(), value.end(),
                                       [](unsigned char c) { return c == '.' || std::isalpha(c); });
}

// "sys.argv[1]" for the port's argument, or "sys.argv" when it is not known.
std::string PortArgument(const TracebackContext& context) {
  return context.port_argument > 0 ? fmt::format("sys.argv[{}]", context.port_argument)
                                   : std::string("sys.argv");
}

// SyntaxError and its kin: Python refused the whole file, so nothing of it ran.
Phrase ExplainSyntax(const std::string& last) {
  static constexpr const char* kNever = " never ran.";
  if (Has(last, "was never closed")) {
    std::string bracket = Quoted(last);
    return Say(
        "a {} that is never closed, so Python refused the whole file and the program{} Close "
        "it on that line (Python names the line where the bracket opened).",
        Quote(bracket.empty() ? "(" : bracket), kNever);
  }
  if (Has(last, "invalid character")) {
    // "invalid character '’' (U+2019)": typographic quotes, from a PDF or a word processor.
    static constexpr std::array<std::string_view, 6> kTypographic = {"U+2018", "U+2019", "U+201C",
                                                                     "U+201D", "U+00B4", "U+2032"};
    if (std::any_of(kTypographic.begin(), kTypographic.end(),
                    [&](std::string_view u) { return Has(last, u); }))
      return Say(
          "a typographic quote {} (pasted from a PDF or a word processor), which Python does "
          "not take for a quote, so it refused the whole file and the program{} Type plain "
          "quotes ' and \" instead, everywhere in the file.",
          Quote(Quoted(last)), kNever);
  }
  if (Has(last, "invalid non-printable character U+00A0"))
    return Say(
        "a non-breaking space (pasted from a web page or a PDF), which Python does not take "
        "for a space, so it refused the whole file and the program{} Retype the spaces on "
        "that line.",
        kNever);
  std::string what = last.substr(last.find(':') + 1);
  return Say(
      "a syntax error ({}), so Python refused the whole file and the program{} Fix that line "
      "(or the one before it).",
      Quote(Trim(what), 80), kNever);
}

// Modules a course's socket exercises may import: they are Python's own, always there. Any
// other missing module is one the grading machine does not have and the exercise never needs.
Phrase ExplainMissingModule(const std::string& last) {
  std::string module = Quoted(last);
  if (module.empty()) return "";
  std::string top = module.substr(0, module.find('.'));
  if (top == "network" || top == "machine" || top == "usocket" || top == "utime")
    return Say(
        "import {0} failed: {1} is MicroPython's module (for a board such as an ESP32), not "
        "Python's. Here the program runs with Python 3 on a computer: use the socket module "
        "and leave out {1}.",
        EscapeText(module, 60), Quote(top));
  return Say(
      "import {} failed: the module {} is not installed here, and this exercise needs only "
      "Python's own modules (socket, sys). Remove the import and what uses it.",
      EscapeText(module, 60), Quote(top));
}

// Names the socket module holds: used bare after `import socket`, they are not defined.
bool SocketModuleName(const std::string& name) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "AF_INET",   "AF_INET6", "SOCK_STREAM", "SOCK_DGRAM", "SOL_SOCKET",    "SO_REUSEADDR",
      "SHUT_RDWR", "SHUT_WR",  "gethostname", "timeout",    "gethostbyname", "SO_BROADCAST"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// A line git writes where a merge conflicts: "<<<<<<< HEAD", "=======", ">>>>>>> branch".
bool MergeConflictMarker(std::string_view code) {
  for (std::string_view marker : {"<<<<<<<", "=======", ">>>>>>>"})
    if (StartsWith(code, marker) && (code.size() == 7 || code[7] == ' ')) return true;
  return false;
}

// SyntaxError, IndentationError, TabError: Python refused the whole file. `code`: the line
// the traceback shows.
Phrase ExplainRefusedFile(const std::string& last, const std::string& code) {
  // Python 2's print statement and 'except X, e:' are CheckPython2's.
  if (Has(last, "Missing parentheses in call to 'print'")) return "";
  if (MergeConflictMarker(code))
    return Say(
        "a git merge conflict was committed: that line is git's marker {}, so Python refused "
        "the whole file and the program never ran. Keep the version you want between the "
        "markers and delete the marker lines (<<<<<<<, ======= and >>>>>>>).",
        Quote(code, 60));
  if (StartsWith(last, "IndentationError") || StartsWith(last, "TabError"))
    return Say(
        "the indentation is wrong ({}), so Python refused the whole file and the program "
        "never ran. Indent each block with 4 spaces, never a mix of tabs and spaces.",
        Quote(Trim(last.substr(last.find(':') + 1)), 80));
  return ExplainSyntax(last);
}

// A NameError for the socket module or a name of it used bare; "" for any other name.
Phrase ExplainUndefinedName(const std::string& name) {
  if (SocketModuleName(name))
    return Say(
        "{0} is not defined: after 'import socket' it is socket.{0} (socket.socket(socket."
        "AF_INET, socket.SOCK_STREAM)), or write 'from socket import *' at the top to use "
        "the bare names.",
        name);
  if (name == "socket")
    return "socket is not defined: add 'import socket' (or 'from socket import *') at the top "
           "of the file.";
  return "";
}

// The program looked for its port elsewhere than where netgrade gives it (an assert on
// sys.argv, input(), int() of the host's argument); "" when the traceback is not that.
Phrase ExplainPortNotFromCommandLine(const std::string& err, const std::string& last,
                                     const std::string& code, const TracebackContext& context) {
  if (StartsWith(last, "AssertionError") && Has(code, "sys.argv"))
    return Say(
        "the assert refused the command line: netgrade gives the program its port as an "
        "argument ({}), so sys.argv has more than the program's own name. Take the port from "
        "there, and remove the assert (or make it expect the arguments).",
        PortArgument(context));
  // The port read with input(): nobody types it, the port comes on the command line.
  std::string lower_code = code;
  std::transform(lower_code.begin(), lower_code.end(), lower_code.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  bool input_port = Has(code, "input(") && Has(lower_code, "port");
  if (input_port &&
      (StartsWith(last, "EOFError") || StartsWith(last, "ValueError: invalid literal for int()")))
    return Say(
        "the program reads its port with input(), but netgrade gives it on the command line and "
        "types nothing for it: port = int({}).",
        PortArgument(context));
  // The host read with input() (the textbook's pinger and traceroute exercises ask for it):
  // where the case gives a host on the command line, that is where it comes from.
  static constexpr std::array<std::string_view, 6> kHostWords = {"host",   "dest",   "addr",
                                                                 "server", "target", "domain"};
  bool input_host = Has(code, "input(") && context.host_argument > 0 &&
                    std::any_of(kHostWords.begin(), kHostWords.end(),
                                [&](std::string_view w) { return Has(lower_code, w); });
  if (input_host && StartsWith(last, "EOFError"))
    return Say(
        "the program reads the host with input(), but netgrade gives it on the command line and "
        "types nothing for it: host = sys.argv[{}].",
        context.host_argument);
  if (StartsWith(last, "ValueError: invalid literal for int()") && Has(err, "sys.argv[1]")) {
    std::string value = LiteralOf(last);
    // A lab whose command line holds the host alone (a traceroute): no number comes there.
    if (LooksLikeHost(value) && context.port_argument == 0 && context.host_argument == 1)
      return Say(
          "int(sys.argv[1]) was given {}, the host: this lab gives the program one argument, "
          "the host, and no number. Take the host from sys.argv[1] and write any number the "
          "program needs (a size, a count) into it.",
          Quote(value));
    if (LooksLikeHost(value))
      return Say(
          "int(sys.argv[1]) was given {}, a host, not a port: the command line holds the host "
          "first and the port second, so take the port from sys.argv[2] (and the host from "
          "sys.argv[1]).",
          Quote(value));
  }
  return "";
}

// The names in `conn, addr = server.accept()`: {"server", "conn"}; "" for a name not found.
std::pair<std::string, std::string> AcceptNames(const std::string& code) {
  auto identifier_before = [&](size_t end) {
    size_t start = end;
    while (start > 0 && (std::isalnum(static_cast<unsigned char>(code[start - 1])) ||
                         code[start - 1] == '_' || code[start - 1] == '.'))
      --start;
    return code.substr(start, end - start);
  };
  size_t call = code.find(".accept(");
  if (call == std::string::npos) return {};
  size_t comma = code.find(',');
  std::string connection;
  if (comma != std::string::npos && comma < call) connection = identifier_before(comma);
  if (connection.empty() && code.find('=') < call) connection = identifier_before(code.find('='));
  return {identifier_before(call), Trim(connection)};
}

}  // namespace

bool MethodNotCalled(const std::string& err) {
  const std::string last = LastLine(err);
  return Has(last, "'builtin_function_or_method'") || Has(last, "'method'");
}

bool AcceptOnClosedSocket(const std::string& err) {
  // Python's "OSError: [Errno 9] Bad file descriptor" raised in accept(); C's perror("accept")
  // (or a message of the program's own naming accept) with strerror(EBADF); Java's
  // ServerSocket.accept() on a closed socket.
  const std::string last = LastLine(err);
  if (Has(last, "Errno 9] Bad file descriptor")) {
    std::optional<Frame> frame = StudentFrame(err);
    return (frame && Has(frame->code, ".accept(")) || Has(err, "in accept\n");
  }
  for (const std::string& line : Lines(err)) {
    std::string lower = line;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (Has(lower, "accept") && Has(lower, "bad file descriptor")) return true;
  }
  return Has(err, "SocketException: Socket is closed") && Has(err, "ServerSocket.accept");
}

std::string ListeningSocketName(const std::string& err) {
  std::optional<Frame> frame = StudentFrame(err);
  return frame ? AcceptNames(frame->code).first : "";
}

std::string TracebackFrame(const std::string& err) {
  std::vector<std::string> lines = Lines(err);
  std::optional<Frame> f = StudentFrame(err);
  if (!f) return "";
  // The frame's own lines, as printed: the last `File "..." line N` of the student's file.
  for (size_t i = lines.size(); i-- > 0;) {
    std::string l = Trim(lines[i]);
    if (!StartsWith(l, "File \"") || !Has(l, fmt::format(", line {}", f->line)) || !Has(l, f->file))
      continue;
    std::string out = lines[i] + "\n";
    if (!f->code.empty() && i + 1 < lines.size()) out += lines[i + 1] + "\n";
    return out;
  }
  return "";
}

// Java's uncaught exception: "Exception in thread "main" java.lang.X: message", then its
// stack; the first frame in a file of the program's ("\tat DNS_Server.main(DNS_Server.java:35)",
// not "java.base/java.lang.Integer.parseInt(Integer.java:652)").
Phrase ThrownAt(const std::string& err) {
  static const std::regex thrown(R"re(Exception in thread "[^"\n]*" ([\w.$]+)(?:: ([^\n]*))?)re");
  static const std::regex frame(R"re(\n\s*at ([\w.$<>/]+)\((\w+\.java):(\d+)\))re");
  std::smatch m;
  if (!std::regex_search(err, m, thrown)) return "";
  const std::string name = m[1], message = m[2];
  std::string rest = m.suffix().str().substr(0, 4096);
  for (std::sregex_iterator it(rest.begin(), rest.end(), frame), end; it != end; ++it) {
    const std::string method = (*it)[1];
    if (Has(method, "/") || StartsWith(method, "java.") || StartsWith(method, "javax.") ||
        StartsWith(method, "sun.") || StartsWith(method, "jdk."))
      continue;
    return Say("{}, line {} threw {}{}, and the program ended there.",
               EscapeText((*it)[2].str(), 60), (*it)[3].str(), EscapeText(name, 80),
               message.empty() ? "" : ": " + EscapeText(message, 160));
  }
  return "";
}

Phrase RaisedAt(const std::string& err) {
  if (!Has(err, "Traceback (most recent call last):")) return ThrownAt(err);
  Phrase place = TracebackPlace(err);
  std::string last = Trim(LastLine(err));
  if (place.empty() || last.empty()) return "";
  return Say("{} raised {}, and the program ended there.", place, EscapeText(last, 200));
}

Phrase TracebackPlace(const std::string& err) {
  std::optional<Frame> f = StudentFrame(err);
  if (!f || f->file.empty()) return "";
  return Say("{}, line {}", EscapeText(f->file, 60), f->line);
}

Phrase ExplainTraceback(const std::string& err, const TracebackContext& context) {
  const std::string last = LastLine(err);
  std::optional<Frame> frame = StudentFrame(err);
  const std::string code = frame ? frame->code : "";
  if (StartsWith(last, "SyntaxError") || StartsWith(last, "IndentationError") ||
      StartsWith(last, "TabError"))
    return ExplainRefusedFile(last, code);
  if (StartsWith(last, "ModuleNotFoundError: No module named")) return ExplainMissingModule(last);
  if (StartsWith(last, "NameError: name '")) {
    Phrase undefined = ExplainUndefinedName(Quoted(last));
    if (!undefined.empty()) return undefined;
  }
  if (Phrase ord = ExplainOrdOfBytes(last, code); !ord.empty()) return ord;
  if (Phrase host = ExplainHostNotFound(err, last, context); !host.empty()) return host;
  if (context.kind != nullptr && context.run != nullptr)
    if (const char* habit = context.kind->TracebackHabit(last, code, *context.run))
      return Phrase(habit);  // words with no value: their shape is themselves
  if (AcceptOnClosedSocket(err)) {
    auto [listening, connection] = AcceptNames(code);
    if (listening.empty()) listening = "the listening socket";
    if (connection.empty()) connection = "the connection's socket";
    return Say(
        "accept() failed with 'Bad file descriptor': the listening socket ({0}) had been "
        "closed, by a close() in the loop meant for the connection's socket. Close only the "
        "socket accept() returned ({1}.close()) after each client, and keep {0} open for the "
        "next one.",
        EscapeText(listening, 40), EscapeText(connection, 40));
  }
  Phrase port = ExplainPortNotFromCommandLine(err, last, code, context);
  if (!port.empty()) return port;
  if (Has(last, "PermissionError") && Has(last, "Errno 13") && Has(err, "bind(")) {
    // The port the program asked for: the context's (from its source), else the number the
    // bind() line the traceback quotes writes: bind(('', 80)).
    static const std::regex kWrittenPort(R"(bind\s*\(.*,\s*(\d{1,4})\s*\)\s*\))");
    std::smatch m;
    int port = context.bound_port;
    if (port == 0 && std::regex_search(err, m, kWrittenPort)) port = std::stoi(m[1].str());
    Phrase given = context.port_argument == 0 ? Phrase("the port the exercise gives")
                                              : Say("the port netgrade gives on the command line "
                                                    "(int(sys.argv[{}]))",
                                                    context.port_argument);
    if (port > 0 && port < 1024)
      return Say(
          "bind() was refused: port {}, below 1024, is privileged (only the administrator may "
          "bind it). Bind {}, never a port below 1024.",
          port, given);
    return Say(
        "bind() was refused: ports below 1024 are privileged (only the administrator may bind "
        "them). Bind {}, never a port below 1024.",
        given);
  }
  if (Has(last, "Errno 98") && Has(err, "bind("))
    return "bind() failed with 'Address already in use': another socket holds that port. Where "
           "the program runs without a network of its own, that is most often your own server "
           "from an earlier try, still running: stop it (Ctrl-C in its terminal; 'ss -ltnp' "
           "shows which program holds the port).";
  if (Has(last, "Errno 95") && Has(err, ".listen(")) {
    // The kind's own words (SocketTerms::listen_on_udp_socket), with no value in them.
    if (!context.listen_on_udp_socket.empty()) return Phrase(context.listen_on_udp_socket.c_str());
    return "listen() was called on a UDP socket (SOCK_DGRAM), and UDP has no connections to "
           "listen for. A UDP server only bind()s, then answers with recvfrom() and sendto() in a "
           "loop: remove listen() and accept().";
  }
  if (StartsWith(last, "EOFError") && context.nothing_typed && Has(code, "input("))
    return Say(
        "the program waits for an answer typed at input() ({}), but this lab types nothing: it "
        "gives the program its command line alone. Write what it asks for in the program, or "
        "take it from the command line.",
        EscapeText(code, 80));
  if (StartsWith(last, "EOFError"))
    return "input() raised EOFError: its standard input had ended, as it does when input comes "
           "from a file or a pipe. Catch it and leave the loop: try: line = input() / except "
           "EOFError: break.";
  if (MethodNotCalled(err))
    return "A method was used without calling it: a name such as .decode is the method itself, "
           ".decode() its result. Add the parentheses where the method is named.";
  if (Has(last, "TypeError: a bytes-like object is required, not 'str'"))
    return Say(
        "{} a str where Python 3 needs bytes (Python 2 code, where they were the same): "
        "send text.encode(), and decode() what recv() returns.",
        Has(err, "sendto(") ? "sendto() was given" : "the program passed");
  return "";
}

}  // namespace netgrade::check
