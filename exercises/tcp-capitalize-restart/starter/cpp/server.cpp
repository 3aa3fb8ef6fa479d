// TCP capitalize server that can be restarted at once: answers every line a client sends with
// the line in upper case. Stopped while a client is connected and started again, it must
// listen again on its port at once: that is what SO_REUSEADDR (step 2) is for.
//
// Build: make (or: g++ -std=c++17 -Wall -o server server.cpp)   Run: ./server PORT
// Each Todo(...) below is one socket call left to write: replace the Todo(...) with the call
// it names. Run it as it is and it stops at the first one, saying which step of the README
// is next.
#include <netinet/in.h>
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

// A call that failed: perror() says which and why ("bind: Address already in use").
[[noreturn]] void Fail(const char* call) {
  std::perror(call);
  std::exit(1);
}

// The text in upper case: ASCII letters, and the accented letters of Western European
// languages (é becomes É, ß becomes SS, as Python's upper() does); other bytes unchanged.
// std::toupper() alone would change only a to z. This is not networking: it is done for you.
std::string Upper(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    unsigned char next = i + 1 < text.size() ? text[i + 1] : 0;
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if (c == 0xC3 && next == 0x9F) {  // ß (UTF-8 C3 9F)
      out += "SS";
      ++i;
    } else if (c == 0xC3 && next >= 0xA0 && next <= 0xBE && next != 0xB7) {  // à..þ but ÷
      out += static_cast<char>(c);
      out += static_cast<char>(next - 0x20);  // À..Þ
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Sends all of `data`: one send() may send less than it was asked to, so it loops.
// MSG_NOSIGNAL: a send() to a closed connection returns -1 instead of killing the program.
bool SendAll(int conn, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = Todo(
        "send the rest of the answer: send(conn, data.data() + sent, "
        "data.size() - sent, MSG_NOSIGNAL) (README, server step 7)");
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

  int server = Todo("create a TCP socket: socket(AF_INET, SOCK_STREAM, 0) (README, server step 1)");
  if (server < 0) Fail("socket");
  // [[maybe_unused]]: the call you write uses it; until then the compiler would warn.
  [[maybe_unused]] int yes = 1;
  if (Todo("allow a quick restart: setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &yes, "
           "sizeof yes) (README, server step 2)") < 0)
    Fail("setsockopt");
  // INADDR_ANY is 0.0.0.0, all interfaces: clients on other computers can reach it too.
  // htons() and htonl() put the numbers in network byte order.
  [[maybe_unused]] sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = htons(port);
  if (Todo("bind to the port on all interfaces: bind(server, (sockaddr*)&address, "
           "sizeof address) (README, server step 3)") < 0)
    Fail("bind");
  if (Todo("wait for clients: listen(server, 5) (README, server step 4)") < 0) Fail("listen");
  std::cout << "The server is ready to receive" << std::endl;

  while (true) {
    int conn = Todo(
        "take the next client: accept(server, nullptr, nullptr) "
        "(README, server step 5)");
    if (conn < 0) Fail("accept");
    std::string pending;  // bytes received but not answered yet: the start of a line
    char buf[4096];
    bool open = true;
    while (open) {
      ssize_t n = Todo(
          "receive what has come: recv(conn, buf, sizeof buf, 0) "
          "(README, server step 6)");
      if (n <= 0) break;  // 0: the client closed the connection; -1: it was reset
      pending.append(buf, n);
      // TCP is a stream: one recv() may hold half a line, or three. Answer every complete
      // line; keep the rest until its newline comes.
      size_t newline;
      while (open && (newline = pending.find('\n')) != std::string::npos) {
        open = SendAll(conn, Upper(pending.substr(0, newline)) + "\n");
        pending.erase(0, newline + 1);
      }
    }
    if (Todo("close the connection (then take the next client): close(conn) "
             "(README, server step 8)") < 0)
      Fail("close");
  }
}
