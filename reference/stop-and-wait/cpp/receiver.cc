// Stop-and-wait receiver (rdt 3.0, alternating bit) over UDP: ./receiver PORT
// Answers every datagram "SEQ:TEXT" with "ACK:SEQ" to the address it came from, and prints
// TEXT once per new SEQ (a duplicate is acked again, not printed).
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: receiver PORT\n");
    return 2;
  }
  int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  int off = 0;
  setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  sockaddr_in6 me{};
  me.sin6_family = AF_INET6;
  me.sin6_addr = in6addr_any;
  me.sin6_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  if (bind(fd, reinterpret_cast<sockaddr*>(&me), sizeof me) < 0) {
    std::perror("bind");
    return 1;
  }
  char expected = '0';
  for (;;) {
    char buf[65536];
    sockaddr_storage from{};
    socklen_t len = sizeof from;
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 2 || (buf[0] != '0' && buf[0] != '1') || buf[1] != ':') continue;
    std::string ack = std::string("ACK:") + buf[0];
    sendto(fd, ack.data(), ack.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
    if (buf[0] != expected) continue;  // sent again: its ack was lost; printed already
    std::string text(buf + 2, static_cast<size_t>(n) - 2);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    std::cout << text << std::endl;
    expected = expected == '0' ? '1' : '0';
  }
}
