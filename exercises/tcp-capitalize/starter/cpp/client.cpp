// TCP capitalize client: sends each line of its input to the server, prints each answer.
//
// Build: make (or: g++ -std=c++17 -Wall -o client client.cpp)   Run: ./client HOST PORT
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

// A call that failed: perror() says which and why ("connect: Connection refused").
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

// Sends all of `data`: one send() may send less than it was asked to, so it loops.
// MSG_NOSIGNAL: a send() to a closed connection returns -1 instead of killing the program.
void SendAll(int sock, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = Todo(
        "send the rest of the line: send(sock, data.data() + sent, "
        "data.size() - sent, MSG_NOSIGNAL) (README, client step 3)");
    if (n < 0) Fail("send");
    sent += n;
  }
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  [[maybe_unused]] sockaddr_in server = Address(argv[1], argv[2]);

  int sock = Todo("create a TCP socket: socket(AF_INET, SOCK_STREAM, 0) (README, client step 1)");
  if (sock < 0) Fail("socket");
  if (Todo("connect to the server: connect(sock, (sockaddr*)&server, sizeof server) "
           "(README, client step 2)") < 0)
    Fail("connect");  // stop here: sending on a socket that is not connected fails too

  std::string line, pending;  // pending: bytes received but not printed yet
  char buf[4096];
  while (std::getline(std::cin, line)) {  // false at the end of the input
    // The newline ends the line: without it the server waits for the rest.
    SendAll(sock, line + "\n");
    // The answer may come in pieces: receive until its newline is there.
    size_t newline;
    while ((newline = pending.find('\n')) == std::string::npos) {
      ssize_t n = Todo(
          "receive what has come: recv(sock, buf, sizeof buf, 0) "
          "(README, client step 4)");
      if (n < 0) Fail("recv");
      if (n == 0) {
        std::fprintf(stderr, "the server closed the connection before it answered\n");
        return 1;
      }
      pending.append(buf, n);
    }
    std::cout << pending.substr(0, newline) << std::endl;  // endl also flushes
    pending.erase(0, newline + 1);
  }
  if (Todo("close the connection: close(sock) (README, client step 5)") < 0) Fail("close");
  return 0;
}
