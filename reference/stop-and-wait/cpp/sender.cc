// Stop-and-wait sender (rdt 3.0, alternating bit) over UDP: ./sender HOST PORT
// Sends each line of its input as one datagram "SEQ:TEXT" (SEQ 0, 1, 0, 1, ...), waits for
// "ACK:SEQ", sends it again when no such ack came within 1 s, ignores an ack of the other SEQ,
// and exits once the last line is acked.
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: sender HOST PORT\n");
    return 2;
  }
  addrinfo hints{}, *to = nullptr;
  hints.ai_socktype = SOCK_DGRAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &to) != 0 || to == nullptr) {
    std::fprintf(stderr, "sender: cannot resolve %s\n", argv[1]);
    return 1;
  }
  int fd = socket(to->ai_family, SOCK_DGRAM, 0);
  if (fd < 0) {
    std::perror("socket");
    return 1;
  }
  using Clock = std::chrono::steady_clock;
  int seq = 0;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::string packet = std::to_string(seq) + ":" + line;
    std::string ack = "ACK:" + std::to_string(seq);
    bool acked = false;
    while (!acked) {
      sendto(fd, packet.data(), packet.size(), 0, to->ai_addr, to->ai_addrlen);
      auto deadline = Clock::now() + std::chrono::seconds(1);
      while (!acked) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) break;  // timed out: send it again
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        char buf[65536];
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n < 0) continue;
        std::string got(buf, static_cast<size_t>(n));
        while (!got.empty() && (got.back() == '\n' || got.back() == '\r')) got.pop_back();
        acked = got == ack;  // an ack of the other SEQ is ignored
      }
    }
    seq = 1 - seq;
  }
  freeaddrinfo(to);
  close(fd);
  return 0;
}
