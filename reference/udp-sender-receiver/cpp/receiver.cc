// UDP receiver: prints every datagram it receives on its own line, and keeps receiving.
// Usage: receiver PORT
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

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
  static char buf[65536];  // the largest datagram there is: nothing is cut
  for (;;) {
    ssize_t n = recvfrom(sock, buf, sizeof buf, 0, nullptr, nullptr);
    if (n >= 0) std::cout << std::string(buf, static_cast<size_t>(n)) << std::endl;
  }
}
