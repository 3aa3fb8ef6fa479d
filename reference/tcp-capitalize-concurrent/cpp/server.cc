// TCP capitalize server for several clients at once: answers every line with the same line
// in upper case, to every client connected, each as soon as its line is complete. One
// thread, one loop: poll() waits until the listening socket or any client has something, and
// only then is accept() or recv() called, so neither ever blocks the others.
// Usage: server PORT
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unicode/unistr.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

// The full Unicode upper case of UTF-8 text (ß becomes SS), as Python's str.upper().
std::string Upper(const std::string& text) {
  std::string out;
  icu::UnicodeString::fromUTF8(text).toUpper().toUTF8String(out);
  return out;
}

// Writes all of data; false when the client is gone.
bool SendAll(int fd, const std::string& data) {
  for (size_t sent = 0; sent < data.size();) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int listener = socket(AF_INET6, SOCK_STREAM, 0);
  int on = 1, off = 0;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  setsockopt(listener, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);  // IPv4 too
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_any;
  address.sin6_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener, 16) != 0) {
    std::perror("bind/listen");
    return 1;
  }
  std::vector<pollfd> fds{{listener, POLLIN, 0}};
  std::map<int, std::string> pending;  // each client's part of a line not yet ended
  char buf[4096];
  for (;;) {
    if (poll(fds.data(), fds.size(), -1) < 0) continue;
    std::vector<int> gone;
    size_t count = fds.size();  // clients accepted now are polled next time
    for (size_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      int fd = fds[i].fd;
      if (fd == listener) {
        int client = accept(listener, nullptr, nullptr);
        if (client >= 0) fds.push_back({client, POLLIN, 0});
        continue;
      }
      ssize_t n = recv(fd, buf, sizeof buf, 0);  // 0: closed; -1 ECONNRESET: reset
      if (n <= 0) {
        gone.push_back(fd);
        continue;
      }
      std::string& line = pending[fd];
      line.append(buf, static_cast<size_t>(n));
      for (size_t end; (end = line.find('\n')) != std::string::npos; line.erase(0, end + 1))
        if (!SendAll(fd, Upper(line.substr(0, end)) + "\n")) break;
    }
    for (int fd : gone) {
      close(fd);
      pending.erase(fd);
      std::erase_if(fds, [fd](const pollfd& p) { return p.fd == fd; });
    }
  }
}
