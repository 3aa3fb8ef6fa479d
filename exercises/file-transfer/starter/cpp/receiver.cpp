// File receiver: writes the files that senders send it into its folder, one sender after
// another, and answers "OK <length>" for each.
//
// Build: make (or: g++ -std=c++17 -Wall -o receiver receiver.cpp)   Run: ./receiver PORT
// Each Todo(...) below is one call left to write: replace the Todo(...) with the call it
// names. Run it as it is and it stops at the first one, saying which step of the README is
// next.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

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

// What one sender sent, read as lines and as exact numbers of bytes. TCP is a stream: one
// recv() may return half a name, a length cut in two, or the end of one file and the start
// of the next. Every recv() is added to `pending`; each read takes only what it asked for,
// and the rest waits there for the next read. std::string holds any byte, '\0' included:
// its size() counts them, never strlen().
struct Stream {
  int conn;
  std::string pending;  // received, not used yet

  // Adds what has come to pending; false once the sender has closed the connection.
  bool Receive() {
    [[maybe_unused]] char buf[65536];
    ssize_t n =
        Todo("receive what has come: recv(conn, buf, sizeof buf, 0) (README, receiver step 6)");
    if (n <= 0) return false;  // 0: the sender closed the connection; -1: it was reset
    pending.append(buf, n);
    return true;
  }

  // The next line without its '\n' in `line`; false if the connection ends first.
  bool ReadLine(std::string& line) {
    size_t newline;
    while ((newline = pending.find('\n')) == std::string::npos) {
      if (pending.size() > 255 || !Receive()) return false;  // no name is that long
    }
    line = pending.substr(0, newline);
    pending.erase(0, newline + 1);
    return true;
  }

  // Exactly n bytes in `data`, however many recv() they take; false if the connection ends
  // first.
  bool ReadExactly(size_t n, std::string& data) {
    while (pending.size() < n) {
      if (!Receive()) return false;
    }
    data = pending.substr(0, n);
    pending.erase(0, n);
    return true;
  }
};

// A file's name: letters, digits, '.', '-' and '_' (no '/': a file cannot leave the folder).
bool ValidName(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  for (char c : name) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!letter && c != '.' && c != '-' && c != '_') return false;
  }
  return true;
}

// send() may send less than it was asked to: this sends all of `data`, in a loop.
// MSG_NOSIGNAL: a send() to a closed connection returns -1 instead of killing the program.
bool SendAll(int conn, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(conn, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0) return false;
    sent += n;
  }
  return true;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int port = std::atoi(argv[1]);

  int server =
      Todo("create a TCP socket: socket(AF_INET, SOCK_STREAM, 0) (README, receiver step 1)");
  if (server < 0) Fail("socket");
  // [[maybe_unused]]: the call you write uses it; until then the compiler would warn.
  [[maybe_unused]] int yes = 1;
  if (Todo("allow a quick restart: setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &yes, "
           "sizeof yes) (README, receiver step 2)") < 0)
    Fail("setsockopt");
  // INADDR_ANY is 0.0.0.0, all interfaces: senders on other computers can reach it too.
  // htons() and htonl() put the numbers in network byte order.
  [[maybe_unused]] sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = htons(port);
  if (Todo("bind to the port on all interfaces: bind(server, (sockaddr*)&address, "
           "sizeof address) (README, receiver step 3)") < 0)
    Fail("bind");
  if (Todo("wait for senders: listen(server, 5) (README, receiver step 4)") < 0) Fail("listen");

  while (true) {
    int conn = Todo(
        "take the next sender: accept(server, nullptr, nullptr) "
        "(README, receiver step 5)");
    if (conn < 0) Fail("accept");
    Stream stream{conn, ""};  // one for the whole connection: it keeps what follows each file
    std::string name, header, content;
    while (stream.ReadLine(name)) {  // false: the sender closed the connection
      if (!ValidName(name)) {
        std::cout << "refused a file name" << std::endl;
        break;  // close the connection
      }
      if (!stream.ReadExactly(4, header)) break;
      // The 4 bytes as they came, into a number; still in network byte order (big-endian).
      [[maybe_unused]] uint32_t raw;
      std::memcpy(&raw, header.data(), 4);
      uint32_t length =
          Todo("the length, from network byte order: ntohl(raw) (README, receiver step 7)");
      if (!stream.ReadExactly(length, content)) break;   // "" for an empty file: not the end
      std::ofstream(name, std::ios::binary) << content;  // binary: the bytes as they are
      std::cout << "received " << name << " (" << length << " bytes)" << std::endl;
      if (!Todo("answer that the file is complete: SendAll(conn, \"OK \" + "
                "std::to_string(length) + \"\\n\") (README, receiver step 8)"))
        break;
    }
    Todo(
        "close the connection (then take the next sender): close(conn) "
        "(README, receiver step 9)");
  }
}
