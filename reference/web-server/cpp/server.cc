// The textbook's web server (lab 1): serves the files of its folder, one request per
// connection. Usage: server PORT
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

static void SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

// The request's head: every byte up to the blank line, so that close() sends a FIN.
static std::string ReadRequest(int conn) {
  std::string data;
  char buf[4096];
  while (data.find("\r\n\r\n") == std::string::npos && data.find("\n\n") == std::string::npos) {
    ssize_t n = recv(conn, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  return data;
}

static void Serve(int conn) {
  std::istringstream request(ReadRequest(conn));
  std::string method, path;
  request >> method >> path;
  std::string name = path.empty() ? "" : path.substr(1);  // "/HelloWorld.html": its folder's file
  std::ifstream file(name, std::ios::binary);
  if (!name.empty() && file) {
    std::ostringstream body;
    body << file.rdbuf();
    SendAll(conn, "HTTP/1.1 200 OK\r\n\r\n" + body.str());
  } else {
    SendAll(conn,
            "HTTP/1.1 404 Not Found\r\n\r\n<html><body><h1>404 Not Found</h1></body></html>\n");
  }
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int server = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  if (bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(server, 16) != 0) {
    std::perror("bind/listen");
    return 1;
  }
  std::printf("Ready to serve...\n");
  std::fflush(stdout);
  for (;;) {
    int conn = accept(server, nullptr, nullptr);
    if (conn < 0) continue;
    Serve(conn);
    close(conn);
  }
}
