// Chat server: ./server PORT. Every line a client sends goes to every other client connected
// at that moment. One thread, poll(): each client's unfinished line is kept in a buffer of its
// own, and a client that closes or resets its connection is dropped without stopping the rest.
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

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: server PORT\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);  // a write to a client that left fails with EPIPE instead
  int listener = socket(AF_INET6, SOCK_STREAM, 0);
  int on = 1, off = 0;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  setsockopt(listener, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  sockaddr_in6 me{};
  me.sin6_family = AF_INET6;
  me.sin6_addr = in6addr_any;
  me.sin6_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  if (bind(listener, reinterpret_cast<sockaddr*>(&me), sizeof me) < 0 || listen(listener, 16) < 0) {
    std::perror("bind/listen");
    return 1;
  }
  std::map<int, std::string> buffers;  // client -> bytes after its last newline
  for (;;) {
    std::vector<pollfd> fds{{listener, POLLIN, 0}};
    for (const auto& [fd, buf] : buffers) fds.push_back({fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) continue;
    if (fds[0].revents & POLLIN) {
      int client = accept(listener, nullptr, nullptr);
      if (client >= 0) buffers[client] = "";
    }
    for (size_t i = 1; i < fds.size(); ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      int fd = fds[i].fd;
      char data[4096];
      ssize_t n = recv(fd, data, sizeof data, 0);
      if (n <= 0) {  // closed (0) or reset (-1, ECONNRESET): it left
        close(fd);
        buffers.erase(fd);
        continue;
      }
      std::string& buf = buffers[fd];
      buf.append(data, static_cast<size_t>(n));
      for (size_t nl; (nl = buf.find('\n')) != std::string::npos; buf.erase(0, nl + 1)) {
        std::string line = buf.substr(0, nl + 1);
        for (const auto& [other, unused] : buffers)
          if (other != fd) send(other, line.data(), line.size(), MSG_NOSIGNAL);
      }
    }
  }
}
