// Stop-and-wait sender (rdt 3.0): sends each line of its input reliably over UDP.
//
// Build: make (or: g++ -std=c++17 -Wall -o sender sender.cpp)   Run: ./sender HOST PORT
// Each Todo(...) below is one socket call left to write: replace the Todo(...) with the call
// it names. Run it as it is and it stops at the first one, saying which step of the README
// is next.
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

// Stops the program and says which step is still to write.
[[noreturn]] int Todo(const char* step) {
  std::fprintf(stderr, "TODO: %s\n", step);
  std::exit(1);
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: sender HOST PORT\n");
    return 2;
  }
  addrinfo hints{}, *to = nullptr;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &to) != 0 || to == nullptr) {
    std::fprintf(stderr, "sender: cannot resolve %s\n", argv[1]);
    return 1;
  }
  int fd = Todo("create a UDP socket: socket(AF_INET, SOCK_DGRAM, 0) (README, sender step 1)");
  int seq = 0;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::string packet = std::to_string(seq) + ":" + line;
    std::string ack = "ACK:" + std::to_string(seq);
    bool acked = false;
    while (!acked) {
      Todo(
          "send the datagram SEQ:TEXT: sendto(fd, packet.data(), packet.size(), 0, "
          "to->ai_addr, to->ai_addrlen) (README, sender step 2)");
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      while (!acked) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;  // timed out: send it again
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        char buf[65536];
        ssize_t n = Todo(
            "receive the datagram that is there: recv(fd, buf, sizeof buf, 0) "
            "(README, sender step 3)");
        if (n < 0) continue;
        std::string got(buf, static_cast<size_t>(n));
        acked = got == ack;  // an ack of the other SEQ (late or duplicated) is not this line's
      }
    }
    seq = 1 - seq;
  }
  freeaddrinfo(to);
  close(fd);
  return 0;
}
