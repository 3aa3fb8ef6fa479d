#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* One recv() per line, and no '\0' after what it returned: strlen() runs past the bytes
 * that came into whatever the buffer held before. */
int main(int argc, char **argv) {
  int server = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons(atoi(argv[1]));
  bind(server, (struct sockaddr *)&addr, sizeof addr);
  listen(server, 5);
  printf("The server is ready to receive\n");
  fflush(stdout);
  for (;;) {
    int conn = accept(server, NULL, NULL);
    char buf[1024];
    memset(buf, 'x', sizeof buf);
    while (recv(conn, buf, sizeof buf - 1, 0) > 0) {
      buf[sizeof buf - 1] = '\0';
      char *end = strchr(buf, '\n');
      size_t len = end ? (size_t)(end - buf) + 1 : strlen(buf);
      for (size_t i = 0; i < len; ++i) buf[i] = toupper((unsigned char)buf[i]);
      send(conn, buf, len, 0);
    }
    close(conn);
  }
}
