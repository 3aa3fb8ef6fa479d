// UDP pinger client (the textbook's pinger lab): sends 10 pings "Ping <seq> <time>", one at
// a time, waits at most 1 s for each answer and prints it with its round-trip time, or
// "Request timed out". A late answer to an earlier ping (its sequence number says so) is
// skipped: it is not the answer to the ping being waited for.
// Usage: client HOST PORT
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  addrinfo hints{}, *server = nullptr;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &server) != 0) {
    std::fprintf(stderr, "cannot resolve %s\n", argv[1]);
    return 1;
  }
  int sock = socket(server->ai_family, SOCK_DGRAM, 0);
  using Clock = std::chrono::steady_clock;
  static char buf[65536];
  for (int seq = 1; seq <= 10; ++seq) {
    double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::string ping = "Ping " + std::to_string(seq) + " " + std::to_string(now);
    sendto(sock, ping.data(), ping.size(), 0, server->ai_addr, server->ai_addrlen);
    Clock::time_point sent = Clock::now(), deadline = sent + std::chrono::seconds(1);
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      pollfd p{sock, POLLIN, 0};
      if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) != 1) {
        std::cout << "Request timed out" << std::endl;
        break;
      }
      ssize_t n = recvfrom(sock, buf, sizeof buf, 0, nullptr, nullptr);
      if (n < 0) continue;
      std::string reply(buf, static_cast<size_t>(n));
      std::istringstream words(reply);
      std::string word;
      int number = 0;
      if (words >> word >> number && number == seq) {
        double rtt = std::chrono::duration<double>(Clock::now() - sent).count();
        std::cout << "Reply from " << argv[1] << ": " << reply << "  RTT " << rtt << " s"
                  << std::endl;
        break;
      }
      // A late answer to an earlier ping: not this one's; wait on.
    }
  }
  freeaddrinfo(server);
  return 0;
}
