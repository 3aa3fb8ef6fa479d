// UDP sender: sends each line of its input as one datagram.
// Usage: sender HOST PORT
#include <netdb.h>
#include <sys/socket.h>

#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  addrinfo hints{}, *receiver = nullptr;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &receiver) != 0) {
    std::fprintf(stderr, "cannot resolve %s\n", argv[1]);
    return 1;
  }
  int sock = socket(receiver->ai_family, SOCK_DGRAM, 0);
  std::string line;
  while (std::getline(std::cin, line))
    sendto(sock, line.data(), line.size(), 0, receiver->ai_addr, receiver->ai_addrlen);
  freeaddrinfo(receiver);
  return 0;
}
