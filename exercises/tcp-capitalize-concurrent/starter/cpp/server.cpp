// TCP capitalize server for several clients at once: answers every line with the same line
// in upper case, to every client connected, each as soon as its line is complete.
//
// One loop waits (poll()) until the listening socket or any client has something; only then
// is accept() or recv() called, so that neither ever waits for one client while the others
// talk.
//
// Build: make (or: g++ -std=c++17 -Wall -o server server.cpp)   Run: ./server PORT
// Each Todo(...) below is one socket call left to write: replace the Todo(...) with the call
// it names. Run it as it is and it stops at the first one, saying which step of the README
// is next.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
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

// A call that failed: perror() says which and why ("bind: Address already in use").
[[noreturn]] void Fail(const char* call) {
  std::perror(call);
  std::exit(1);
}

// The text in upper case: a to z only (the tcp-capitalize handout says how to do all letters).
std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  // [[maybe_unused]]: the call you write uses it; until then the compiler would warn.
  [[maybe_unused]] sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);  // all interfaces
  address.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));

  int listener =
      Todo("create a TCP socket: socket(AF_INET, SOCK_STREAM, 0) (README, server step 1)");
  if (listener < 0) Fail("socket");
  int on = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);  // restart at once
  if (Todo("bind to the port on all interfaces: bind(listener, (sockaddr*)&address, "
           "sizeof address) (README, server step 2)") < 0)
    Fail("bind");
  if (Todo("listen for clients: listen(listener, 16) (README, server step 3)") < 0) Fail("listen");
  std::printf("The server is ready to receive\n");
  std::fflush(stdout);

  std::vector<pollfd> fds{{listener, POLLIN, 0}};  // what poll() watches: the listener first
  std::map<int, std::string> pending;              // each client's part of a line not yet ended
  char buf[4096];
  for (;;) {
    // Waits until a socket has something; revents then says which.
    if (Todo("wait until a socket has something: poll(fds.data(), fds.size(), -1) "
             "(README, server step 4)") < 0)
      continue;
    std::vector<int> gone;
    size_t count = fds.size();  // clients accepted now are watched from the next poll()
    for (size_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      int fd = fds[i].fd;
      if (fd == listener) {
        int client = Todo(
            "accept the new client: accept(listener, nullptr, nullptr) "
            "(README, server step 5)");
        if (client >= 0) fds.push_back({client, POLLIN, 0});  // step 6: watch it too
        continue;
      }
      ssize_t n = Todo(
          "read what this client sent: recv(fd, buf, sizeof buf, 0) "
          "(README, server step 7)");
      if (n <= 0) {  // 0: it closed; -1 with ECONNRESET: it reset its connection
        gone.push_back(fd);
        continue;
      }
      std::string& line = pending[fd];  // a line may come in pieces: keep them, per client
      line.append(buf, static_cast<size_t>(n));
      for (size_t end; (end = line.find('\n')) != std::string::npos; line.erase(0, end + 1)) {
        [[maybe_unused]] std::string answer = Upper(line.substr(0, end)) + "\n";
        if (Todo("answer this client: send(fd, answer.data(), answer.size(), MSG_NOSIGNAL) "
                 "(README, server step 9)") < 0)
          break;  // it is gone: the next recv() says so
      }
    }
    for (int fd : gone) {  // step 8: forget the clients that left
      if (Todo("close its socket: close(fd) (README, server step 8)") < 0) Fail("close");
      pending.erase(fd);
      for (size_t i = 0; i < fds.size(); ++i)
        if (fds[i].fd == fd) fds.erase(fds.begin() + static_cast<long>(i));
    }
  }
}
