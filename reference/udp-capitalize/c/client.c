// UDP capitalize client: sends each line as a datagram and prints the answer. An answer that
// does not come within 1 s means the line is sent again, 3 sends in all; then it says
// "timed out" and goes on with the next line. Usage: client HOST PORT
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
    return 2;
  }
  struct addrinfo hints, *server;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &server) != 0) {
    fprintf(stderr, "cannot find %s\n", argv[1]);
    return 1;
  }
  int sock = socket(AF_INET, SOCK_DGRAM, 0);
  struct timeval wait = {1, 0};  // recvfrom() gives up after 1 s: UDP may lose a datagram
  setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  char *line = NULL;
  size_t room = 0;
  ssize_t len;
  static char answer[65536];
  while ((len = getline(&line, &room, stdin)) > 0) {
    if (line[len - 1] == '\n') line[--len] = '\0';
    int answered = 0;
    for (int send = 0; send < 3 && !answered; ++send) {
      sendto(sock, line, (size_t)len, 0, server->ai_addr, server->ai_addrlen);
      ssize_t n = recvfrom(sock, answer, sizeof answer - 1, 0, NULL, NULL);
      if (n < 0) continue;  // timed out: send it again
      answer[n] = '\0';
      printf("%s\n", answer);
      fflush(stdout);
      answered = 1;
    }
    if (!answered) {
      printf("Request timed out: %s\n", line);
      fflush(stdout);
    }
  }
  freeaddrinfo(server);
  return 0;
}
