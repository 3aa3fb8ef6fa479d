// TCP receiver: accepts senders one after another and prints every message on its own line.
// Usage: receiver PORT
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int server = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons((unsigned short)atoi(argv[1]));
  if (bind(server, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(server, 16) < 0) {
    perror("bind/listen");
    return 1;
  }
  for (;;) {
    int conn = accept(server, NULL, NULL);
    if (conn < 0) continue;
    // Every byte as it comes, in a loop until the sender closes: one recv() may hold part of
    // a message or several. A message cut off at the end still ends its line.
    char buf[4096];
    ssize_t n;
    char last = '\n';
    while ((n = recv(conn, buf, sizeof buf, 0)) > 0) {
      fwrite(buf, 1, (size_t)n, stdout);
      last = buf[n - 1];
      fflush(stdout);
    }
    if (last != '\n') putchar('\n');
    fflush(stdout);
    close(conn);
  }
}
