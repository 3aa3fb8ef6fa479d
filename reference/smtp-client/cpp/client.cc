// The textbook's SMTP client (lab 3): sends the message on its input to the mail server.
// Usage: client HOST PORT < message
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

static int sock = -1;
static std::string pending;  // bytes received after the last reply line read

static bool SendAll(const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(sock, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Reads one reply line (it may come in pieces) and checks its code.
static void Expect(const std::string& code) {
  size_t nl;
  char buf[1024];
  while ((nl = pending.find('\n')) == std::string::npos) {
    ssize_t n = recv(sock, buf, sizeof buf, 0);
    if (n <= 0) {
      std::fprintf(stderr, "the server closed the connection\n");
      std::exit(1);
    }
    pending.append(buf, static_cast<size_t>(n));
  }
  std::string line = pending.substr(0, nl);
  pending.erase(0, nl + 1);
  if (line.compare(0, code.size(), code) != 0) {
    std::fprintf(stderr, "expected a %s reply, got %s\n", code.c_str(), line.c_str());
    std::exit(1);
  }
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  addrinfo hints{}, *res = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &res) != 0) return 1;
  sock = socket(res->ai_family, SOCK_STREAM, 0);
  if (connect(sock, res->ai_addr, res->ai_addrlen) != 0) {
    std::perror("connect");
    return 1;
  }
  freeaddrinfo(res);
  std::string message, line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    message += (line.rfind('.', 0) == 0 ? "." : "") + line + "\r\n";  // dot-stuffing
  }
  Expect("220");
  const char* commands[][2] = {{"HELO netgrade-student", "250"},
                               {"MAIL FROM:<alice@example.com>", "250"},
                               {"RCPT TO:<bob@example.com>", "250"},
                               {"DATA", "354"}};
  for (auto& c : commands) {
    SendAll(std::string(c[0]) + "\r\n");
    Expect(c[1]);
  }
  SendAll(message + ".\r\n");
  Expect("250");
  SendAll("QUIT\r\n");
  Expect("221");
  close(sock);
  return 0;
}
