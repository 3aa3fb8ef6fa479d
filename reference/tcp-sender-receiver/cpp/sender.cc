// TCP sender: sends each line of its input as a message ending in a newline.
// Usage: sender HOST PORT
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  addrinfo hints{}, *res = nullptr;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &res) != 0) {
    std::fprintf(stderr, "cannot resolve %s\n", argv[1]);
    return 1;
  }
  int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
  if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
    std::perror("connect");
    return 1;
  }
  freeaddrinfo(res);
  std::string line;
  while (std::getline(std::cin, line)) {
    line += '\n';
    size_t sent = 0;
    while (sent < line.size()) {
      ssize_t n = send(fd, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return 1;
      sent += static_cast<size_t>(n);
    }
  }
  close(fd);
  return 0;
}
