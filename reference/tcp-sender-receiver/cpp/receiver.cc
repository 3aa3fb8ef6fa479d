// TCP receiver: accepts senders one after another and prints every message on its own line.
// Usage: receiver PORT
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

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
  char buf[4096];
  for (;;) {
    int conn = accept(server, nullptr, nullptr);
    if (conn < 0) continue;
    std::string pending;
    ssize_t n;
    while ((n = recv(conn, buf, sizeof buf, 0)) > 0) {
      pending.append(buf, static_cast<size_t>(n));
      size_t nl;
      while ((nl = pending.find('\n')) != std::string::npos) {
        std::cout << pending.substr(0, nl) << std::endl;
        pending.erase(0, nl + 1);
      }
    }
    if (!pending.empty()) std::cout << pending << std::endl;  // a last message without '\n'
    close(conn);
  }
}
