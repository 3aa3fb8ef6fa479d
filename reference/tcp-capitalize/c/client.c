// TCP capitalize client: sends each line of its input, prints each answer.
// Usage: client HOST PORT
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

static int connect_to(const char *host, const char *port) {
  struct addrinfo hints, *found;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host, port, &hints, &found) != 0) return -1;
  int fd = socket(found->ai_family, found->ai_socktype, 0);
  if (fd >= 0 && connect(fd, found->ai_addr, found->ai_addrlen) < 0) {
    close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  return fd;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  int sock = connect_to(argv[1], argv[2]);
  if (sock < 0) {
    perror("connect");
    return 1;
  }
  FILE *answers = fdopen(dup(sock), "r");  // reads up to each newline, however it arrives
  char *line = NULL, *answer = NULL;
  size_t line_room = 0, answer_room = 0;
  ssize_t len;
  while ((len = getline(&line, &line_room, stdin)) > 0) {
    if (line[len - 1] != '\n') {  // the last line of a file without its newline
      line = realloc(line, (size_t)len + 2);
      line[len++] = '\n';
    }
    if (send_all(sock, line, (size_t)len) < 0) return 1;
    if (getline(&answer, &answer_room, answers) <= 0) {
      fprintf(stderr, "the server closed the connection\n");
      return 1;
    }
    fputs(answer, stdout);
    fflush(stdout);
  }
  close(sock);
  return 0;
}
