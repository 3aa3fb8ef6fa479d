// UDP capitalize server that can be restarted at once: answers every datagram with its text in
// upper case. UDP has no connections to linger on the port after the program ends: it binds
// again at once when restarted (no SO_REUSEADDR needed), and answers the clients of its
// previous run, which just go on sending.
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

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int port = std::atoi(argv[1]);

  int sock = Todo("create a UDP socket: socket(AF_INET, SOCK_DGRAM, 0) (README, server step 1)");
  if (sock < 0) Fail("socket");
  // INADDR_ANY is 0.0.0.0, all interfaces: clients on other computers can reach it too.
  // htons() and htonl() put the numbers in network byte order.
  // [[maybe_unused]]: the call you write uses it; until then the compiler would warn.
  [[maybe_unused]] sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = htons(port);
  if (Todo("bind to the port on all interfaces: bind(sock, (sockaddr*)&address, "
           "sizeof address) (README, server step 2)") < 0)
    Fail("bind");
  std::cout << "The server is ready to receive" << std::endl;

  // 65535 bytes: as big as a datagram can be. A smaller buffer cuts longer datagrams.
  static char buf[65535];
  while (true) {
    // recvfrom() fills in the client's address: the answer goes back there.
    [[maybe_unused]] sockaddr_in client{};
    [[maybe_unused]] socklen_t client_size = sizeof client;
    ssize_t n = Todo(
        "receive one datagram and who sent it: recvfrom(sock, buf, sizeof buf, 0, "
        "(sockaddr*)&client, &client_size) (README, server step 3)");
    if (n < 0) Fail("recvfrom");
    [[maybe_unused]] std::string answer = Upper(std::string(buf, n));
    if (Todo("answer the client it came from: sendto(sock, answer.data(), answer.size(), 0, "
             "(sockaddr*)&client, client_size) (README, server step 4)") < 0)
      Fail("sendto");
  }
}
