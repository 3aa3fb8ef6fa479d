// Reads all of its input first, then sends everything in one write.
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
  addrinfo hints{}, *res;
  hints.ai_socktype = SOCK_STREAM;
  if (argc != 3 || getaddrinfo(argv[1], argv[2], &hints, &res) != 0) return 2;
  int fd = socket(res->ai_family, SOCK_STREAM, 0);
  if (connect(fd, res->ai_addr, res->ai_addrlen) != 0) return 1;
  std::string all((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  for (size_t off = 0; off < all.size();) {
    ssize_t n = write(fd, all.data() + off, all.size() - off);
    if (n <= 0) return 1;
    off += n;
  }
  close(fd);
}
