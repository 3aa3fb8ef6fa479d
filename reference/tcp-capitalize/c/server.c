// TCP capitalize server: answers every line with the same line in upper case (ASCII letters).
// Usage: server PORT
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

// send() may take only part of what it is given: send the rest until all of it is gone.
static int send_all(int fd, const char *data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    data += n;
    size -= (size_t)n;
  }
  return 0;
}

// recv() returns what has arrived, not a line: a line may come in pieces and several lines in
// one piece. Collect bytes until a newline, answer that line, keep the rest for the next one.
static void serve(int conn) {
  char *line = NULL;
  size_t used = 0, room = 0;
  char buf[4096];
  ssize_t n;
  while ((n = recv(conn, buf, sizeof buf, 0)) > 0) {
    for (ssize_t i = 0; i < n; ++i) {
      if (used == room) {
        room = room ? room * 2 : 1024;
        char *bigger = realloc(line, room);
        if (!bigger) goto done;
        line = bigger;
      }
      line[used++] = (char)toupper((unsigned char)buf[i]);
      if (buf[i] == '\n') {
        if (send_all(conn, line, used) < 0) goto done;
        used = 0;
      }
    }
  }
done:
  free(line);
  close(conn);
}

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
  addr.sin_addr.s_addr = htonl(INADDR_ANY);  // all interfaces, so other computers can connect
  addr.sin_port = htons((unsigned short)atoi(argv[1]));
  if (bind(server, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(server, 16) < 0) {
    perror("bind/listen");
    return 1;
  }
  printf("The server is ready to receive\n");
  fflush(stdout);
  for (;;) {
    int conn = accept(server, NULL, NULL);
    if (conn >= 0) serve(conn);
  }
}
