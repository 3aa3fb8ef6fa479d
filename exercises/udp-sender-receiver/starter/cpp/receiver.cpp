// UDP receiver: prints every datagram it receives on its own line, and keeps receiving.
//
// Build: make (or: g++ -std=c++17 -Wall -o receiver receiver.cpp)   Run: ./receiver PORT
// Each Todo(...) below is one socket call left to write: replace the Todo(...) with the call
// it names. Run it as it is and it stops at the first one, saying which step of the README
// is next.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

// Stops the program and says which step is still to write.
[[noreturn]] int Todo(const char* step) {
  std::fprintf(stderr, "TODO: %s\n", step);
  std::exit(1);
}

// A call that failed: perror() says which and why ("bind: Address already in use").
[[noreturn]] void Fail(const char* call) {
  std::perror(call);
  std::exit(1);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int port = std::atoi(argv[1]);

  int sock = Todo("create a UDP socket: socket(AF_INET, SOCK_DGRAM, 0) (README, receiver step 1)");
  if (sock < 0) Fail("socket");
  // INADDR_ANY is 0.0.0.0, all interfaces: senders on other computers can reach it too.
  // htons() and htonl() put the numbers in network byte order.
  // [[maybe_unused]]: the call you write uses it; until then the compiler would warn.
  [[maybe_unused]] sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = htons(port);
  if (Todo("bind to the port on all interfaces: bind(sock, (sockaddr*)&address, "
           "sizeof address) (README, receiver step 2)") < 0)
    Fail("bind");

  // 65535 bytes: as big as a datagram can be. A smaller buffer cuts longer datagrams.
  static char buf[65535];
  while (true) {
    ssize_t n = Todo(
        "receive one datagram: recvfrom(sock, buf, sizeof buf, 0, nullptr, "
        "nullptr) (README, receiver step 3)");
    if (n < 0) Fail("recvfrom");
    std::string message(buf, n);  // a datagram is bytes, not a C string: no '\0' at its end
    if (!message.empty() && message.back() == '\n') message.pop_back();
    std::cout << message << std::endl;  // endl also flushes
  }
}
