// File sender: sends the files named on its input (one name per line) to a receiver, each
// after the receiver's "OK" for the one before, then exits.
//
// Build: make (or: g++ -std=c++17 -Wall -o sender sender.cpp)   Run: ./sender HOST PORT
// Each Todo(...) below is one call left to write: replace the Todo(...) with the call it
// names. Run it as it is and it stops at the first one, saying which step of the README is
// next.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

// Stops the program and says which step is still to write.
[[noreturn]] int Todo(const char* step) {
  std::fprintf(stderr, "TODO: %s\n", step);
  std::exit(1);
}

// A call that failed: perror() says which and why ("connect: Connection refused").
[[noreturn]] void Fail(const char* call) {
  std::perror(call);
  std::exit(1);
}

// The IPv4 address of HOST (a name such as "localhost" or a number such as "127.0.0.1") and
// PORT, in the form connect() takes.
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

// Sends all of `data`: one send() may send less than it was asked to, so it loops.
// MSG_NOSIGNAL: a send() to a closed connection returns -1 instead of killing the program.
void SendAll(int sock, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = Todo(
        "send the rest: send(sock, data.data() + sent, data.size() - sent, MSG_NOSIGNAL) "
        "(README, sender step 4)");
    if (n < 0) Fail("send");
    sent += n;
  }
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  [[maybe_unused]] sockaddr_in receiver = Address(argv[1], argv[2]);

  int sock = Todo("create a TCP socket: socket(AF_INET, SOCK_STREAM, 0) (README, sender step 1)");
  if (sock < 0) Fail("socket");
  if (Todo("connect to the receiver: connect(sock, (sockaddr*)&receiver, sizeof receiver) "
           "(README, sender step 2)") < 0)
    Fail("connect");  // stop here: sending on a socket that is not connected fails too

  std::string answers;  // what the receiver sent, not read yet
  std::string name;
  while (std::getline(std::cin, name)) {  // false at the end of the input
    if (!name.empty() && name.back() == '\r') name.pop_back();
    if (name.empty()) continue;
    // std::ios::binary: the bytes as they are on disk, any value ('\0' too). A std::string
    // holds them all; its size() counts them (never strlen()).
    std::ifstream file(name, std::ios::binary);
    if (!file) Fail(name.c_str());
    std::string content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    uint32_t length =
        Todo("the length in network byte order: htonl(content.size()) (README, sender step 3)");
    // The name line, then the 4 bytes of the length as they are in memory, then the bytes.
    SendAll(sock, name + "\n" + std::string(reinterpret_cast<char*>(&length), 4) + content);
    // Wait for "OK <length>\n" before the next file; it may come in pieces.
    while (answers.find('\n') == std::string::npos) {
      [[maybe_unused]] char buf[1024];
      ssize_t n =
          Todo("receive the answer: recv(sock, buf, sizeof buf, 0) (README, sender step 5)");
      if (n <= 0) {
        std::cerr << name << ": the receiver closed the connection without an OK\n";
        return 1;
      }
      answers.append(buf, n);
    }
    std::string answer = answers.substr(0, answers.find('\n'));
    answers.erase(0, answer.size() + 1);
    if (answer != "OK " + std::to_string(content.size())) {
      std::cerr << name << ": the receiver answered " << answer << "\n";
      return 1;
    }
    std::cout << "sent " << name << " (" << content.size() << " bytes)" << std::endl;
  }
  if (Todo("close the connection: close(sock) (README, sender step 6)") < 0) Fail("close");
  return 0;
}
