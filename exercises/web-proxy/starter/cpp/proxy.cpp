// A caching web proxy: relays each browser's request to the origin server its URL names,
// relays the answer back, and answers the same URL again from its cache.
//
// Build: make (or: g++ -std=c++17 -Wall -o proxy proxy.cpp)   Run: ./proxy PORT
// Each Todo(...) below is one call left to write: replace the Todo(...) with the call it
// names. Run it as it is and it stops at the first one, saying which step of the README is
// next.
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
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

// send() may send less than it was asked to: this sends all of `data`, in a loop.
// MSG_NOSIGNAL: a send() to a closed connection returns -1 instead of killing the program.
bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0) return false;
    sent += n;
  }
  return true;
}

// The request up to its blank line; "" when the client left first. One recv() returns what
// has come so far, so it is called until the blank line is there.
std::string ReadRequest(int conn) {
  std::string data;
  char buf[4096];
  while (data.find("\r\n\r\n") == std::string::npos && data.find("\n\n") == std::string::npos) {
    ssize_t n = recv(conn, buf, sizeof buf, 0);
    if (n <= 0 || data.size() > 65536) return "";
    data.append(buf, n);
  }
  return data;
}

// A socket connected to host:port (a name is looked up); -1 when it cannot be reached.
int ConnectTo(const std::string& host, const std::string& port) {
  addrinfo hints{}, *found = nullptr;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return -1;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd >= 0 && connect(fd, found->ai_addr, found->ai_addrlen) < 0) {
    close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  return fd;
}

// The origin's whole answer in `answer` (std::string holds any byte, '\0' too); false when it
// cannot be reached.
bool Fetch(const std::string& host, const std::string& port, const std::string& path,
           const std::string& hostport, std::string& answer) {
  int origin = Todo("connect to the origin: ConnectTo(host, port) (README, proxy step 5)");
  if (origin < 0) return false;
  [[maybe_unused]] std::string request =
      "GET " + path + " HTTP/1.0\r\nHost: " + hostport + "\r\n\r\n";
  Todo(
      "send the origin the path alone and the Host header: SendAll(origin, request) "
      "(README, proxy step 6)");
  [[maybe_unused]] char buf[4096];
  while (true) {
    ssize_t n = Todo(
        "receive what has come: recv(origin, buf, sizeof buf, 0) "
        "(README, proxy step 7)");
    if (n <= 0) break;  // 0: the origin closed the connection: that was all of it
    answer.append(buf, n);
  }
  close(origin);
  return true;
}

void Serve(int conn, std::map<std::string, std::string>& cache) {
  std::string request = ReadRequest(conn);
  if (request.empty()) return;
  std::string first = request.substr(0, request.find_first_of("\r\n"));
  size_t space = first.find(' '), space2 = first.rfind(' ');
  std::string url = space == std::string::npos || space2 == space
                        ? ""
                        : first.substr(space + 1, space2 - space - 1);
  if (first.compare(0, 4, "GET ") != 0 || url.compare(0, 7, "http://") != 0) {
    SendAll(conn, "HTTP/1.0 400 Bad Request\r\n\r\n");
    return;
  }
  auto kept = cache.find(url);  // keyed by the whole URL
  if (kept != cache.end()) {
    SendAll(conn, kept->second);
    return;
  }
  // http://host[:port]/path
  std::string rest = url.substr(7);
  size_t slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = hostport.find(':');
  std::string host = hostport.substr(0, colon);
  std::string port = colon == std::string::npos ? "80" : hostport.substr(colon + 1);
  std::string answer;
  if (!Fetch(host, port, path, hostport, answer)) {
    SendAll(conn, "HTTP/1.0 502 Bad Gateway\r\n\r\n");
    return;
  }
  Todo("send the whole answer to the client: SendAll(conn, answer) (README, proxy step 8)");
  size_t code = answer.find(' ');  // "HTTP/1.0 200 OK"
  if (code != std::string::npos && answer.compare(code, 4, " 200") == 0) cache[url] = answer;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int port = std::atoi(argv[1]);
  std::map<std::string, std::string> cache;  // URL -> the origin's answer

  int server = Todo("create a TCP socket: socket(AF_INET, SOCK_STREAM, 0) (README, proxy step 1)");
  if (server < 0) Fail("socket");
  [[maybe_unused]] int yes = 1;
  if (Todo("allow a quick restart: setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &yes, "
           "sizeof yes) (README, proxy step 2)") < 0)
    Fail("setsockopt");
  [[maybe_unused]] sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = htons(port);
  if (Todo("bind to the port on all interfaces: bind(server, (sockaddr*)&address, "
           "sizeof address) (README, proxy step 3)") < 0)
    Fail("bind");
  if (Todo("wait for clients: listen(server, 5) (README, proxy step 3)") < 0) Fail("listen");

  while (true) {
    int conn =
        Todo("take the next client: accept(server, nullptr, nullptr) (README, proxy step 4)");
    if (conn < 0) Fail("accept");
    Serve(conn, cache);
    Todo(
        "close the client's connection (then take the next one): close(conn) "
        "(README, proxy step 9)");
  }
}
