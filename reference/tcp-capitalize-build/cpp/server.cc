// The reference solution of tests/submissions/build/tcp-capitalize-build.yaml: a C++ capitalize
// server built by its own Makefile (the spec's build step), as a student's would be.
// Answers every line with the same line in upper case (ASCII letters). Usage: server PORT
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>

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
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  if (bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(server, 16) != 0) {
    std::perror("bind/listen");
    return 1;
  }
  for (;;) {
    int conn = accept(server, nullptr, nullptr);
    if (conn < 0) continue;
    char buf[4096];
    ssize_t n;
    while ((n = recv(conn, buf, sizeof buf, 0)) > 0) {
      for (ssize_t i = 0; i < n; ++i) buf[i] = static_cast<char>(std::toupper(buf[i]));
      send(conn, buf, static_cast<size_t>(n), MSG_NOSIGNAL);
    }
    close(conn);
  }
}
