// UDP capitalize client that carries on while the server restarts: sends each line of its
// input as a datagram and prints the answer; sends a line again when no answer comes within
// 1 s, 3 sends in all. A datagram sent while the server is down is lost like any other: the
// send after 1 s reaches the restarted server.
//
// Its socket is connected (on UDP, connect() only sets where send() goes and which datagrams
// recv() takes), so the kernel tells it when a datagram found no program on the port: the next
// recv() fails with ECONNREFUSED. The server is down: wait out the second, send again.
//
// Build: make (or: g++ -std=c++17 -Wall -o client client.cpp)   Run: ./client HOST PORT
// Each Todo(...) below is one socket call left to write: replace the Todo(...) with the call
// it names. Run it as it is and it stops at the first one, saying which step of the README
// is next.
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
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
  [[maybe_unused]] sockaddr_in server = Address(argv[1], argv[2]);

  int sock = Todo("create a UDP socket: socket(AF_INET, SOCK_DGRAM, 0) (README, client step 1)");
  if (sock < 0) Fail("socket");
  if (Todo("send to and receive from the server only: connect(sock, (sockaddr*)&server, "
           "sizeof server) (README, client step 2)") < 0)
    Fail("connect");
  [[maybe_unused]] timeval one_second{1, 0};  // 1 s and 0 microseconds
  if (Todo("wait at most 1 s for an answer: setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, "
           "&one_second, sizeof one_second) (README, client step 3)") < 0)
    Fail("setsockopt");

  static char buf[65535];
  std::string line;
  while (std::getline(std::cin, line)) {  // false at the end of the input
    bool answered = false;
    for (int attempt = 1; attempt <= 3 && !answered; ++attempt) {  // a datagram may be lost
      if (Todo("send the line as one datagram: send(sock, line.data(), line.size(), 0) "
               "(README, client step 4)") < 0 &&
          errno != ECONNREFUSED)  // a refusal left over from the previous send: sent anyway
        Fail("send");
      auto send_again_at = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      ssize_t n =
          Todo("wait for the answer: recv(sock, buf, sizeof buf, 0) (README, client step 5)");
      if (n >= 0) {
        std::cout << std::string(buf, n) << std::endl;  // endl also flushes
        answered = true;
      } else if (errno == ECONNREFUSED) {  // no program on the server's port: it is restarting
        std::this_thread::sleep_until(send_again_at);        // wait out the second, then send again
      } else if (errno != EAGAIN && errno != EWOULDBLOCK) {  // these two mean: 1 s passed
        Fail("recv");
      }
    }
    if (!answered) std::cout << "Request timed out: " << line << std::endl;
  }
  if (Todo("close the socket: close(sock) (README, client step 6)") < 0) Fail("close");
  return 0;
}
