// Web server: serves the files of its folder over HTTP, one request per connection.
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
#include <fstream>
#include <iostream>
#include <sstream>
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

// The answer to a request: the file its request line names ("GET /HelloWorld.html
// HTTP/1.1": HelloWorld.html, without the leading "/"), or 404. Every line of the head ends
// with "\r\n". This is not networking: it is done for you.
std::string Answer(const std::string& request) {
  std::istringstream words(request);
  std::string method, path;
  words >> method >> path;
  std::ifstream file(path.size() > 1 ? path.substr(1) : "", std::ios::binary);
  if (!file) return "HTTP/1.1 404 Not Found\r\n\r\n";
  std::ostringstream body;
  body << file.rdbuf();
  return "HTTP/1.1 200 OK\r\n\r\n" + body.str();
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
  // INADDR_ANY is 0.0.0.0, all interfaces; htons() and htonl() put the numbers in network
  // byte order.
  [[maybe_unused]] sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = htons(port);
  if (Todo("bind to the port on all interfaces: bind(server, (sockaddr*)&address, "
           "sizeof address) (README, server step 3)") < 0)
    Fail("bind");
  if (Todo("wait for clients: listen(server, 5) (README, server step 4)") < 0) Fail("listen");
  std::cout << "Ready to serve..." << std::endl;

  while (true) {
    int conn = Todo(
        "take the next client: accept(server, nullptr, nullptr) "
        "(README, server step 5)");
    if (conn < 0) Fail("accept");
    // The request, up to the blank line that ends it: one recv() may hold only part of it.
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos &&
           request.find("\n\n") == std::string::npos) {
      ssize_t n = Todo(
          "receive what has come: recv(conn, buf, sizeof buf, 0) "
          "(README, server step 6)");
      if (n <= 0) break;  // 0: the client closed the connection; -1: it was reset
      request.append(buf, n);
    }
    SendAll(conn, Answer(request));
    if (Todo("close the connection (then take the next client): close(conn) "
             "(README, server step 8)") < 0)
      Fail("close");
  }
}
