// TCP capitalize client that survives a server restart: sends each line of its input to the
// server and prints each answer. When the server goes away (recv() returns 0, or send() fails
// with EPIPE or ECONNRESET), it connects again, retrying while the connection is refused,
// sends the line that got no answer again and goes on.
//
// Build: make (or: g++ -std=c++17 -Wall -o client client.cpp)   Run: ./client HOST PORT
// Each Todo(...) below is one socket call left to write: replace the Todo(...) with the call
// it names. Run it as it is and it stops at the first one, saying which step of the README
// is next.
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
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

// A call that failed: perror() says which and why ("connect: Network is unreachable").
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

// A socket connected to the server; while nobody listens on the port (the server is
// restarting: ECONNREFUSED), it tries again every 100 ms with a new socket.
int Connect([[maybe_unused]] const sockaddr_in& server) {
  for (;;) {
    int sock = Todo("create a TCP socket: socket(AF_INET, SOCK_STREAM, 0) (README, client step 1)");
    if (sock < 0) Fail("socket");
    if (Todo("connect to the server: connect(sock, (sockaddr*)&server, sizeof server) "
             "(README, client step 2)") == 0)
      return sock;
    if (errno != ECONNREFUSED) Fail("connect");  // only a refusal is worth another try
    if (Todo("give up this socket, a new one tries again: close(sock) (README, client step 2)") < 0)
      Fail("close");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// Sends one line and its newline, then reads its answer into `answer`. False when the server
// went away before it answered: send() failed (EPIPE, ECONNRESET) or recv() returned 0 (the
// server closed the connection) or -1 (it was reset).
bool Ask(int sock, const std::string& line, std::string& answer) {
  std::string data = line + "\n";  // the newline ends the line
  size_t sent = 0;
  while (sent < data.size()) {  // one send() may send less than it was asked to
    // MSG_NOSIGNAL: a send() to a closed connection returns -1 instead of killing the program.
    ssize_t n = Todo(
        "send the rest of the line: send(sock, data.data() + sent, "
        "data.size() - sent, MSG_NOSIGNAL) (README, client step 3)");
    if (n < 0) return false;
    sent += n;
  }
  // The answer may come in pieces: receive until its newline is there.
  answer.clear();
  char buf[4096];
  size_t newline;
  while ((newline = answer.find('\n')) == std::string::npos) {
    ssize_t n =
        Todo("receive what has come: recv(sock, buf, sizeof buf, 0) (README, client step 4)");
    if (n <= 0) return false;
    answer.append(buf, n);
  }
  answer.erase(newline);  // the server sends one answer per line and nothing more
  return true;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  sockaddr_in server = Address(argv[1], argv[2]);
  int sock = Connect(server);

  std::string line, answer;
  while (std::getline(std::cin, line)) {  // false at the end of the input
    while (!Ask(sock, line, answer)) {    // the server went away: connect again, same line
      if (Todo("close the dead connection: close(sock) (README, client step 5)") < 0) Fail("close");
      sock = Connect(server);
    }
    std::cout << answer << std::endl;  // once, after the answer has come; endl also flushes
  }
  if (Todo("close the connection: close(sock) (README, client step 6)") < 0) Fail("close");
  return 0;
}
