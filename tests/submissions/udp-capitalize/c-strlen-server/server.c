#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* strlen() on a datagram: recvfrom() puts no '\0' after its bytes, so a short datagram
 * carries the end of the longer one before it. */
int main(int argc, char **argv) {
  int sock = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons(atoi(argv[1]));
  bind(sock, (struct sockaddr *)&addr, sizeof addr);
  printf("The server is ready to receive\n");
  fflush(stdout);
  static char buf[2048];
  for (;;) {
    struct sockaddr_in from;
    socklen_t len = sizeof from;
    recvfrom(sock, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &len);
    for (size_t i = 0; i < strlen(buf); ++i) buf[i] = toupper((unsigned char)buf[i]);
    sendto(sock, buf, strlen(buf), 0, (struct sockaddr *)&from, len);
  }
}
