// UDP receiver: prints every datagram it receives on its own line, and keeps receiving.
// Usage: receiver PORT
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int sock = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons((unsigned short)atoi(argv[1]));
  if (bind(sock, (struct sockaddr *)&addr, sizeof addr) < 0) {
    perror("bind");
    return 1;
  }
  static char buf[65535];  // the largest datagram there is: nothing is cut
  for (;;) {
    ssize_t n = recvfrom(sock, buf, sizeof buf, 0, NULL, NULL);
    if (n < 0) continue;
    // Its length, not strlen(): a datagram is bytes, with no '\0' after them.
    fwrite(buf, 1, (size_t)n, stdout);
    putchar('\n');
    fflush(stdout);
  }
}
