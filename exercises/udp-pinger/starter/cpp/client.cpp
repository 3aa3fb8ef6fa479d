// UDP pinger client: sends 10 pings "Ping <seq> <time>" to the server, one at a time, waits
// at most 1 s for each answer and prints it, or "Request timed out".
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
#include <sstream>
#include <string>

// Stops the program and says which step is still to write.
[[noreturn]] int Todo(const char* step) {
  std::fprintf(stderr, "TODO: %s\n", step);
  std::exit(1);
}

// A call that failed: perror() says which and why ("sendto: Network is unreachable").
[[noreturn]] void Fail(const char* call) {
  std::perror(call);
  std::exit(1);
}

// The IPv4 address of HOST (a name such as "localhost" or a number such as "127.0.0.1") and
// PORT, in the form sendto() takes.
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

// The sequence number of an answer "PING <seq> <time>", or -1.
int SequenceOf(const std::string& answer) {
  std::istringstream words(answer);
  std::string ping;
  int seq = -1;
  words >> ping >> seq;
  return seq;
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
  [[maybe_unused]] timeval one_second{1, 0};  // 1 s and 0 microseconds
  if (Todo("wait at most 1 s for an answer: setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, "
           "&one_second, sizeof one_second) (README, client step 2)") < 0)
    Fail("setsockopt");

  static char buf[65535];
  for (int seq = 1; seq <= 10; ++seq) {
    auto sent = std::chrono::system_clock::now();  // the <time> of the ping; its RTT starts here
    std::string ping =
        "Ping " + std::to_string(seq) + " " +
        std::to_string(std::chrono::duration<double>(sent.time_since_epoch()).count());
    if (Todo("send the ping as one datagram: sendto(sock, ping.data(), ping.size(), 0, "
             "(sockaddr*)&server, sizeof server) (README, client step 3)") < 0)
      Fail("sendto");
    for (;;) {
      ssize_t n = Todo(
          "wait for the answer: recvfrom(sock, buf, sizeof buf, 0, nullptr, "
          "nullptr) (README, client step 4)");
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {  // these two mean: 1 s passed
        std::cout << "Request timed out" << std::endl;
        break;
      }
      if (n < 0) Fail("recvfrom");
      std::string answer(buf, n);
      if (SequenceOf(answer) == seq) {  // this ping's answer
        std::chrono::duration<double> rtt = std::chrono::system_clock::now() - sent;
        std::cout << "Reply from " << argv[1] << ": " << answer << "  RTT " << rtt.count() << " s"
                  << std::endl;  // endl also flushes
        break;
      }
      // A late answer to an earlier ping (it timed out already): not this one's, skip it.
    }
  }
  if (Todo("close the socket: close(sock) (README, client step 5)") < 0) Fail("close");
  return 0;
}
