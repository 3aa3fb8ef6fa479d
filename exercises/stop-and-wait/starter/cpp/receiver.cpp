// Stop-and-wait receiver (rdt 3.0): acks every datagram SEQ:TEXT and prints each TEXT once.
//
// Build: make (or: g++ -std=c++17 -Wall -o receiver receiver.cpp)   Run: ./receiver PORT
// Each Todo(...) below is one socket call left to write: replace the Todo(...) with the call
// it names. Run it as it is and it stops at the first one, saying which step of the README
// is next.
#include <netinet/in.h>
#include <sys/socket.h>

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
  if (argc != 2) {
    std::fprintf(stderr, "usage: receiver PORT\n");
    return 2;
  }
  [[maybe_unused]] int fd =
      Todo("create a UDP socket: socket(AF_INET, SOCK_DGRAM, 0) (README, receiver step 1)");
  // [[maybe_unused]]: the call you write uses it; until then the compiler would warn.
  [[maybe_unused]] sockaddr_in me{};
  me.sin_family = AF_INET;
  me.sin_addr.s_addr = htonl(INADDR_ANY);
  me.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  Todo(
      "bind to the port on all interfaces: bind(fd, (sockaddr*)&me, sizeof me) "
      "(README, receiver step 2)");
  char expected = '0';  // the SEQ of the next new line
  for (;;) {
    char buf[65536];
    sockaddr_in from{};
    [[maybe_unused]] socklen_t len = sizeof from;
    ssize_t n = Todo(
        "receive one datagram and who sent it: recvfrom(fd, buf, sizeof buf, 0, "
        "(sockaddr*)&from, &len) (README, receiver step 3)");
    if (n < 2 || (buf[0] != '0' && buf[0] != '1') || buf[1] != ':') continue;
    std::string ack = std::string("ACK:") + buf[0];
    Todo(
        "ack it, to the address it came from: sendto(fd, ack.data(), ack.size(), 0, "
        "(sockaddr*)&from, len) (README, receiver step 4)");
    if (buf[0] != expected) continue;  // a copy sent again: acked, not printed again
    std::cout << std::string(buf + 2, static_cast<size_t>(n) - 2) << std::endl;
    expected = expected == '0' ? '1' : '0';
  }
}
