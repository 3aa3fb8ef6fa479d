// Chat server: every line a client sends goes to every other client connected at that moment.
//
// Build: make (or: g++ -std=c++17 -Wall -o server server.cpp)   Run: ./server PORT
// Each Todo(...) below is one socket call left to write: replace the Todo(...) with the call
// it names. Run it as it is and it stops at the first one, saying which step of the README
// is next.
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

// Stops the program and says which step is still to write.
[[noreturn]] int Todo(const char* step) {
  std::fprintf(stderr, "TODO: %s\n", step);
  std::exit(1);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: server PORT\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);  // a write to a client that left fails with EPIPE, not a crash
  int listener =
      Todo("create a TCP socket: socket(AF_INET, SOCK_STREAM, 0) (README, server step 1)");
  int on = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  // [[maybe_unused]]: the call you write uses it; until then the compiler would warn.
  [[maybe_unused]] sockaddr_in me{};
  me.sin_family = AF_INET;
  me.sin_addr.s_addr = htonl(INADDR_ANY);
  me.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  Todo(
      "bind to the port on all interfaces: bind(listener, (sockaddr*)&me, sizeof me) "
      "(README, server step 2)");
  listen(listener, 16);
  std::map<int, std::string> buffers;  // each client -> what it sent after its last newline
  for (;;) {
    std::vector<pollfd> fds{{listener, POLLIN, 0}};
    for (const auto& [fd, buf] : buffers) fds.push_back({fd, POLLIN, 0});
    Todo("wait until a socket is ready: poll(fds.data(), fds.size(), -1) (README, server step 3)");
    if (fds[0].revents & POLLIN) {
      int client = Todo(
          "take the new client: accept(listener, nullptr, nullptr) "
          "(README, server step 4)");
      if (client >= 0) buffers[client] = "";
    }
    for (size_t i = 1; i < fds.size(); ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      int fd = fds[i].fd;
      char data[4096];
      ssize_t n = Todo(
          "read what this client sent: recv(fd, data, sizeof data, 0) "
          "(README, server step 5)");
      if (n <= 0) {  // closed (0) or reset (-1): it left; go on with the others
        close(fd);
        buffers.erase(fd);
        continue;
      }
      std::string& buf = buffers[fd];
      buf.append(data, static_cast<size_t>(n));
      for (size_t nl; (nl = buf.find('\n')) != std::string::npos; buf.erase(0, nl + 1)) {
        [[maybe_unused]] std::string line = buf.substr(0, nl + 1);
        for (const auto& [other, unused] : buffers)
          if (other != fd)  // every other client, never the sender
            Todo(
                "send the line to it: send(other, line.data(), line.size(), MSG_NOSIGNAL) "
                "(README, server step 6)");
      }
    }
  }
}
