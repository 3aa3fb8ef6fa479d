// TCP receiver: prints every message (line) that senders send it, one sender after another.
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

  int server =
      Todo("create a TCP socket: socket(AF_INET, SOCK_STREAM, 0) (README, receiver step 1)");
  if (server < 0) Fail("socket");
  // [[maybe_unused]]: the call you write uses it; until then the compiler would warn.
  [[maybe_unused]] int yes = 1;
  if (Todo("allow a quick restart: setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &yes, "
           "sizeof yes) (README, receiver step 2)") < 0)
    Fail("setsockopt");
  // INADDR_ANY is 0.0.0.0, all interfaces: senders on other computers can reach it too.
  // htons() and htonl() put the numbers in network byte order.
  [[maybe_unused]] sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = htons(port);
  if (Todo("bind to the port on all interfaces: bind(server, (sockaddr*)&address, "
           "sizeof address) (README, receiver step 3)") < 0)
    Fail("bind");
  if (Todo("wait for senders: listen(server, 5) (README, receiver step 4)") < 0) Fail("listen");

  while (true) {
    int conn = Todo(
        "take the next sender: accept(server, nullptr, nullptr) "
        "(README, receiver step 5)");
    if (conn < 0) Fail("accept");
    std::string pending;  // bytes received but not printed yet: the start of a message
    char buf[4096];
    while (true) {
      ssize_t n = Todo(
          "receive what has come: recv(conn, buf, sizeof buf, 0) "
          "(README, receiver step 6)");
      if (n <= 0) break;  // 0: the sender closed the connection; -1: it was reset
      pending.append(buf, n);
      // TCP is a stream: one recv() may hold half a message, or three. Print every
      // complete line; keep the rest until its newline comes.
      size_t newline;
      while ((newline = pending.find('\n')) != std::string::npos) {
        std::cout << pending.substr(0, newline) << std::endl;  // endl also flushes
        pending.erase(0, newline + 1);
      }
    }
    Todo(
        "close the connection (then take the next sender): close(conn) "
        "(README, receiver step 7)");
  }
}
