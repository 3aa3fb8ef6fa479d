// SMTP client: hands the message on its input to the mail server at HOST PORT.
//
// Build: make (or: g++ -std=c++17 -Wall -o client client.cpp)   Run: ./client HOST PORT
// Each Todo(...) below is one socket call left to write: replace the Todo(...) with the call
// it names. Run it as it is and it stops at the first one, saying which step of the README
// is next.
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
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

int sock = -1;
std::string pending;  // bytes received after the last reply line

// Reads one reply line (one recv() may hold part of it) and checks its code.
void Reply(const std::string& code) {
  char buf[1024];
  size_t newline;
  while ((newline = pending.find('\n')) == std::string::npos) {
    ssize_t n =
        Todo("receive what has come: recv(sock, buf, sizeof buf, 0) (README, client step 3)");
    if (n <= 0) Fail("recv");
    pending.append(buf, n);
  }
  std::string line = pending.substr(0, newline);
  pending.erase(0, newline + 1);
  std::cout << line << std::endl;
  if (line.compare(0, code.size(), code) != 0) std::exit(1);
}

// Sends one line, ended with "\r\n" as SMTP says; one send() may send less, so it loops.
void Send(const std::string& line) {
  std::string data = line + "\r\n";
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = Todo(
        "send the rest of the line: send(sock, data.data() + sent, data.size() - sent, "
        "MSG_NOSIGNAL) (README, client step 4)");
    if (n < 0) Fail("send");
    sent += n;
  }
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  std::string message, line;
  while (std::getline(std::cin, line)) message += line + "\n";
  addrinfo hints{}, *found = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &found) != 0) Fail("getaddrinfo");
  sock =
      Todo("create a TCP socket: socket(found->ai_family, SOCK_STREAM, 0) (README, client step 1)");
  if (sock < 0) Fail("socket");
  if (Todo("connect to the server: connect(sock, found->ai_addr, found->ai_addrlen) "
           "(README, client step 2)") < 0)
    Fail("connect");
  Reply("220");
  Send("HELO mypc");
  Reply("250");
  Send("MAIL FROM:<alice@example.com>");
  Reply("250");
  Send("RCPT TO:<bob@example.com>");
  Reply("250");
  Send("DATA");
  Reply("354");
  for (size_t at = 0, end; (end = message.find('\n', at)) != std::string::npos; at = end + 1) {
    std::string text = message.substr(at, end - at);
    Send(text.rfind('.', 0) == 0 ? "." + text : text);  // dot-stuffing
  }
  Send(".");
  Reply("250");  // (README, client step 5)
  Send("QUIT");
  Reply("221");
  if (Todo("close the socket: close(sock) (README, client step 6)") < 0) Fail("close");
  return 0;
}
