// TCP capitalize client: sends each line of its input, prints each answer.
// Usage: client HOST PORT
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

static int Connect(const char* host, const char* port) {
  addrinfo hints{}, *res = nullptr;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host, port, &hints, &res) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = res; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(res);
  return fd;
}

static bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  int fd = Connect(argv[1], argv[2]);
  if (fd < 0) {
    std::perror("connect");
    return 1;
  }
  std::string line, pending;
  char buf[4096];
  while (std::getline(std::cin, line)) {
    if (!SendAll(fd, line + "\n")) return 1;
    // Read until the whole answer line is there: recv() may return part of it.
    size_t nl;
    while ((nl = pending.find('\n')) == std::string::npos) {
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) {
        std::fprintf(stderr, "the server closed the connection\n");
        return 1;
      }
      pending.append(buf, static_cast<size_t>(n));
    }
    std::cout << pending.substr(0, nl) << std::endl;
    pending.erase(0, nl + 1);
  }
  close(fd);
  return 0;
}
