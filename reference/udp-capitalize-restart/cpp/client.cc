// UDP capitalize client that carries on while the server restarts: sends each line as a
// datagram and prints the answer; an answer that does not come within 1 s means the line is
// sent again, 3 sends in all, then it prints "timed out" and goes on with the next line. A
// datagram sent while the server is down is lost like any other: the resend after 1 s reaches
// the restarted server. (Its socket is not connected: the kernel reports a closed port, ICMP
// port unreachable, to connected UDP sockets only, as ECONNREFUSED; the Python client's is.)
// Usage: client HOST PORT
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  addrinfo hints{}, *server = nullptr;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &server) != 0) {
    std::fprintf(stderr, "cannot resolve %s\n", argv[1]);
    return 1;
  }
  int sock = socket(server->ai_family, SOCK_DGRAM, 0);
  static char buf[65536];
  std::string line;
  while (std::getline(std::cin, line)) {
    bool answered = false;
    for (int send = 0; send < 3 && !answered; ++send) {
      sendto(sock, line.data(), line.size(), 0, server->ai_addr, server->ai_addrlen);
      pollfd p{sock, POLLIN, 0};
      if (poll(&p, 1, 1000) == 1) {  // wait at most 1 s for the answer
        ssize_t n = recvfrom(sock, buf, sizeof buf, 0, nullptr, nullptr);
        if (n >= 0) {
          std::cout << std::string(buf, static_cast<size_t>(n)) << std::endl;
          answered = true;
        }
      }
    }
    if (!answered) std::cout << "Request timed out: " << line << std::endl;
  }
  freeaddrinfo(server);
  return 0;
}
