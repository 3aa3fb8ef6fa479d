// TCP capitalize client that survives a server restart: sends each line of its input, prints
// each answer. When the server goes away (recv() returns 0, or send()/recv() fail with EPIPE
// or ECONNRESET) it connects again, retrying while the connection is refused or reset (a
// server in the middle of its restart may do either), sends the line that has no answer yet
// again and goes on.
// Usage: client HOST PORT
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

namespace {

constexpr auto kRetryEvery = std::chrono::milliseconds(50);
constexpr int kAttempts = 200;  // 10 s of refused connections, then it gives up

// A connected socket, or -1 when every attempt was refused (or failed otherwise).
int Connect(const char* host, const char* port) {
  addrinfo hints{}, *res = nullptr;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host, port, &hints, &res) != 0) return -1;
  int fd = -1;
  for (int attempt = 0; attempt < kAttempts && fd < 0; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(kRetryEvery);
    for (addrinfo* a = res; a != nullptr && fd < 0; a = a->ai_next) {
      fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
      if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
        int error = errno;
        close(fd);
        fd = -1;
        // A refusal or a reset is worth a retry: the server is on its way back.
        if (error != ECONNREFUSED && error != ECONNRESET && error != ECONNABORTED)
          attempt = kAttempts;
      }
    }
  }
  freeaddrinfo(res);
  return fd;
}

bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    // MSG_NOSIGNAL: a send on a connection the server closed returns EPIPE instead of
    // killing the program with SIGPIPE.
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Sends one line and reads its answer into `answer`; false when the server went away.
bool Ask(int fd, const std::string& line, std::string& answer) {
  if (!SendAll(fd, line + "\n")) return false;
  answer.clear();
  char buf[4096];
  size_t nl;
  while ((nl = answer.find('\n')) == std::string::npos) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;  // 0: closed before it answered; -1: reset
    answer.append(buf, static_cast<size_t>(n));
  }
  answer.erase(nl);  // one answer per line: the server sends nothing it was not asked
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  int fd = Connect(argv[1], argv[2]);
  if (fd < 0) {
    std::perror("connect");
    return 1;
  }
  std::string line, answer;
  while (std::getline(std::cin, line)) {
    while (!Ask(fd, line, answer)) {
      close(fd);
      fd = Connect(argv[1], argv[2]);  // then the same line again: it has no answer yet
      if (fd < 0) {
        std::perror("connect");
        return 1;
      }
    }
    std::cout << answer << std::endl;
  }
  close(fd);
  return 0;
}
