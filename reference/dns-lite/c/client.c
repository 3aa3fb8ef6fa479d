// dns-lite client: for each name on stdin, sends "<id> <name>" and waits at most 1 s for the
// answer with that id (another id: a late answer or a copy, ignored), 3 sends at most; prints
// "<name> <address>", "<name> NXDOMAIN" or "<name> TIMEOUT". Usage: client HOST PORT
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

// The address of the answer to query `id`, into `out`; 0 when none came in 3 sends.
static int ask(int sock, const struct addrinfo *server, int id, const char *name, char *out) {
  char query[300];
  int len = snprintf(query, sizeof query, "%d %s", id, name);
  static char buf[65536];
  for (int send = 0; send < 3; ++send) {
    sendto(sock, query, (size_t)len, 0, server->ai_addr, server->ai_addrlen);
    long deadline = now_ms() + 1000;
    for (long left; (left = deadline - now_ms()) > 0;) {
      struct pollfd p = {sock, POLLIN, 0};
      if (poll(&p, 1, (int)left) <= 0) break;
      ssize_t n = recvfrom(sock, buf, sizeof buf - 1, 0, NULL, NULL);
      if (n < 0) continue;
      buf[n] = '\0';
      int got_id;
      char got_name[256], address[64];
      if (sscanf(buf, "%d %255s %63s", &got_id, got_name, address) == 3 && got_id == id) {
        strcpy(out, address);
        return 1;
      }
    }
  }
  return 0;
}

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
  char line[300], address[64];
  int id = 0;
  while (fgets(line, sizeof line, stdin) != NULL) {
    char name[256];
    if (sscanf(line, "%255s", name) != 1) continue;
    id = (id + 1) % 65536;
    printf("%s %s\n", name, ask(sock, server, id, name, address) ? address : "TIMEOUT");
    fflush(stdout);
  }
  freeaddrinfo(server);
  return 0;
}
