// UDP sender: sends each line of its input as one datagram.
// Usage: sender HOST PORT
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  struct addrinfo hints, *receiver;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &receiver) != 0) return 1;
  int sock = socket(AF_INET, SOCK_DGRAM, 0);
  char *line = NULL;
  size_t room = 0;
  ssize_t len;
  while ((len = getline(&line, &room, stdin)) > 0) {
    if (line[len - 1] == '\n') --len;
    sendto(sock, line, (size_t)len, 0, receiver->ai_addr, receiver->ai_addrlen);
  }
  freeaddrinfo(receiver);
  return 0;
}
