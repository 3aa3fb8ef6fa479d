#include "harness/check/language_words.h"

#include <filesystem>
#include <vector>

namespace netgrade::check {
namespace {
namespace fs = std::filesystem;

enum class Words { kPython, kJava, kC, kGo, kRust, kJavaScript };

Words WordsOf(const std::string& program_path) {
  if (program_path.empty()) return Words::kPython;
  fs::path program(program_path);
  std::vector<std::string> endings = {program.extension().string()};
  if (!program.has_extension())  // a compiled program: the source beside it
    for (const char* ext : {".c", ".cc", ".cpp", ".cxx", ".go", ".rs"})
      if (fs::exists(fs::path(program_path + ext))) endings.push_back(ext);
  for (const std::string& e : endings) {
    if (e == ".java") return Words::kJava;
    if (e == ".c" || e == ".cc" || e == ".cpp" || e == ".cxx") return Words::kC;
    if (e == ".go") return Words::kGo;
    if (e == ".rs") return Words::kRust;
    if (e == ".js" || e == ".mjs" || e == ".cjs") return Words::kJavaScript;
  }
  return Words::kPython;
}

// The words for each language, Python's first (the default).
struct Phrases {
  const char* python;
  const char* java;
  const char* c;
  const char* go;
  const char* rust;
  const char* javascript;
};

std::string In(const std::string& program_path, const Phrases& p) {
  switch (WordsOf(program_path)) {
    case Words::kJava:
      return p.java;
    case Words::kC:
      return p.c;
    case Words::kGo:
      return p.go;
    case Words::kRust:
      return p.rust;
    case Words::kJavaScript:
      return p.javascript;
    case Words::kPython:
      break;
  }
  return p.python;
}

}  // namespace

std::string TimeoutCall(const std::string& program_path) {
  return In(program_path,
            {"sock.settimeout(1.0)", "socket.setSoTimeout(1000), then catch SocketTimeoutException",
             "setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) with a struct timeval "
             "of 1 s",
             "conn.SetReadDeadline(time.Now().Add(time.Second))",
             "sock.set_read_timeout(Some(Duration::from_secs(1)))",
             "a timer (setTimeout(..., 1000)) that sends again unless the answer's 'message' "
             "event came first"});
}

std::string ReadLineCall(const std::string& program_path) {
  return In(program_path,
            {"in Python: conn.makefile('rb')", "in Java: a BufferedReader's readLine()",
             "in C: recv() in a loop, adding to a buffer until the '\\n' has come",
             "in Go: a bufio.Scanner", "in Rust: BufReader's read_line()",
             "in JavaScript: the readline module over the socket "
             "(readline.createInterface({input: socket}))"});
}

std::string ServeEveryClient(const std::string& program_path) {
  return In(program_path,
            {"use selectors (or select.select()) over every client's socket, or a thread per "
             "client",
             "start a thread per client (new Thread(() -> serve(client)).start() after each "
             "accept()), or use a Selector",
             "use select() or poll() over every client's socket, or a thread per client",
             "serve each connection in a goroutine of its own (go handle(conn))",
             "serve each connection in a thread of its own (std::thread::spawn)",
             "handle each socket in its own 'data' handler, and never wait in a loop of your own"});
}

std::string WaitWithoutSpinning(const std::string& program_path) {
  return In(program_path,
            {"wait in selectors (or select.select()) or in a blocking recv() instead",
             "wait in a blocking read() (or a Selector's select()) instead",
             "wait in select() or poll(), or in a blocking recv(), instead",
             "wait in a blocking Read() instead (a goroutine per connection)",
             "wait in a blocking read() instead",
             "let Node wait for the socket's 'data' events instead of a loop of your own"});
}

std::string ListenEverywhere(const std::string& program_path) {
  return In(program_path, {"bind to 0.0.0.0 (or '')",
                           "create the ServerSocket with no address (new "
                           "ServerSocket(port))",
                           "bind to INADDR_ANY (addr.sin_addr.s_addr = htonl(INADDR_ANY))",
                           "listen on \":PORT\", with no address (net.Listen(\"tcp\", \":\"+port))",
                           "bind to \"0.0.0.0:PORT\"", "call server.listen(port) with no host"});
}

std::string ReuseAddress(const std::string& program_path) {
  return In(program_path,
            {"set SO_REUSEADDR on the listening socket before bind(): "
             "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
             "call serverSocket.setReuseAddress(true) before bind() (create it unbound: new "
             "ServerSocket(), then bind(new InetSocketAddress(port)))",
             "set SO_REUSEADDR on the listening socket before bind(): int one = 1; "
             "setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one)",
             "let Go's net.Listen set SO_REUSEADDR, as it does (a socket made another way needs "
             "it set before bind())",
             "let std's TcpListener::bind set SO_REUSEADDR, as it does (a socket made another "
             "way needs it set before bind())",
             "let Node's server.listen() set SO_REUSEADDR, as it does (a socket made another way "
             "needs it set before bind())"});
}

}  // namespace netgrade::check
