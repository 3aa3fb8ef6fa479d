// UDP capitalize server: answers every datagram with its text in upper case (ASCII letters).
// Usage: server PORT
#include <arpa/inet.h>
#include <ctype.h>
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
  printf("The server is ready to receive\n");
  fflush(stdout);
  static char buf[65535];  // the largest datagram there is: nothing is cut
  for (;;) {
    struct sockaddr_storage from;
    socklen_t from_len = sizeof from;
    ssize_t n = recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
    if (n < 0) continue;
    // The datagram's length, not strlen(): it is bytes, with no '\0' after them.
    for (ssize_t i = 0; i < n; ++i) buf[i] = (char)toupper((unsigned char)buf[i]);
    sendto(sock, buf, (size_t)n, 0, (struct sockaddr *)&from, from_len);
  }
}
