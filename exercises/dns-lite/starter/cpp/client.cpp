// dns-lite client: asks the server for each name of its input and prints "<name> <address>",
// "<name> NXDOMAIN" or "<name> TIMEOUT".
//
// Build: make (or: g++ -std=c++17 -Wall -o client client.cpp)   Run: ./client HOST PORT
// Each Todo(...) below is one call left to write: replace the Todo(...) with the call it
// names. Run it as it is and it stops at the first one, saying which step of the README is
// next.
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

// Stops the program and says which step is still to write.
[[noreturn]] int Todo(const char* step) {
  std::fprintf(stderr, "TODO: %s\n", step);
  std::exit(1);
}

// The IPv4 address of HOST and PORT, in the form sendto() takes.
sockaddr_in Address(const char* host, const char* port) {
  addrinfo hints{}, *found = nullptr;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
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
  [[maybe_unused]] sockaddr_in server = Address(argv[1], argv[2]);  // for sendto()
  int sock = Todo("create a UDP socket: socket(AF_INET, SOCK_DGRAM, 0) (README, client step 1)");
  int id = 0;
  char buf[65536];
  for (std::string name; std::getline(std::cin, name);) {
    if (name.empty()) continue;
    ++id;  // a new id for each name
    std::string query = std::to_string(id) + " " + name, result = "TIMEOUT";
    for (int send = 0; send < 3 && result == "TIMEOUT"; ++send) {  // at most 3 sends
      Todo(
          "send the query: sendto(sock, query.data(), query.size(), 0, (sockaddr*)&server, "
          "sizeof server) (README, client step 2)");
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      while (result == "TIMEOUT") {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        pollfd p{sock, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) break;  // 1 s: send again
        ssize_t n = Todo(
            "read the answer: recvfrom(sock, buf, sizeof buf, 0, nullptr, nullptr) "
            "(README, client step 3)");
        if (n < 0) continue;
        std::istringstream words(std::string(buf, static_cast<size_t>(n)));
        std::string got_id, got_name, address;
        if (words >> got_id >> got_name >> address && got_id == std::to_string(id))
          result = address;  // another id: a late answer or a copy, skipped
      }
    }
    std::cout << name << " " << result << std::endl;
  }
  close(sock);
  return 0;
}
