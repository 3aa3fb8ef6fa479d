// TCP sender: sends each line of its input as a message ending in a newline.
// Usage: sender HOST PORT
#include <errno.h>
#include <netdb.h>
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

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  struct addrinfo hints, *found;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &found) != 0) return 1;
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(sock, found->ai_addr, found->ai_addrlen) < 0) {
    perror("connect");
    return 1;
  }
  freeaddrinfo(found);
  char *line = NULL;
  size_t room = 0;
  ssize_t len;
  while ((len = getline(&line, &room, stdin)) > 0) {
    if (line[len - 1] != '\n') {
      line = realloc(line, (size_t)len + 2);
      line[len++] = '\n';
    }
    if (send_all(sock, line, (size_t)len) < 0) return 1;
  }
  close(sock);
  return 0;
}
