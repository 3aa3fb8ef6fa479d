// UDP sender: sends each line of its input as one datagram, then exits.
//
// Build: make (or: g++ -std=c++17 -Wall -o sender sender.cpp)   Run: ./sender HOST PORT
// Each Todo(...) below is one socket call left to write: replace the Todo(...) with the call
// it names. Run it as it is and it stops at the first one, saying which step of the README
// is next.
#include <netdb.h>
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

// The IPv4 address of HOST (a name such as "localhost" or a number such as "127.0.0.1") and
// PORT, in the form connect() and sendto() take.
sockaddr_in Address(const char* host, const char* port) {
  addrinfo hints{}, *found = nullptr;
  hints.ai_family = AF_INET;
  if (int error = getaddrinfo(host, port, &hints, &found); error != 0) {
    std::fprintf(stderr, "%s: %s\n", host, gai_strerror(error));
    std::exit(1);
  }
  sockaddr_in address = *reinterpret_cast<sockaddr_in*>(found->ai_addr);
  freeaddrinfo(found);
  return address;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  // [[maybe_unused]]: the call you write uses it; until then the compiler would warn.
  [[maybe_unused]] sockaddr_in receiver = Address(argv[1], argv[2]);

  int sock = Todo("create a UDP socket: socket(AF_INET, SOCK_DGRAM, 0) (README, sender step 1)");
  if (sock < 0) Fail("socket");

  std::string line;
  while (std::getline(std::cin, line)) {  // false at the end of the input
    // One datagram is one message: no newline needed.
    if (Todo("send the line as one datagram: sendto(sock, line.data(), line.size(), 0, "
             "(sockaddr*)&receiver, sizeof receiver) (README, sender step 2)") < 0)
      Fail("sendto");
  }
  if (Todo("close the socket: close(sock) (README, sender step 3)") < 0) Fail("close");
  return 0;
}
