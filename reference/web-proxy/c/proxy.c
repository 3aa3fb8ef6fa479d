// A caching web proxy: the textbook's proxy lab.
// Usage: proxy PORT
//
// For each client, one after the other: read its request up to the blank line; answer from
// the cache when the URL's answer is there; otherwise connect to the origin (host and port
// from the URL, 80 when there is none), send it the path alone with a Host header, read its
// whole answer until it closes the connection, send that to the client, and keep it in the
// cache when its status is 200. Then close the client's connection. An origin that cannot be
// reached is answered "HTTP/1.0 502 Bad Gateway".
//
// An answer is bytes, '\0' included: it is kept with its length and copied with memcpy(),
// never with string functions, which stop at the first '\0'.
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_REQUEST 8192
#define MAX_CACHE 64

struct entry {
  char *url;
  char *answer;
  size_t length;
};
static struct entry cache[MAX_CACHE];
static int cached;

// Sends all `n` bytes: one send() may take fewer. Returns -1 when the peer has gone.
static int send_all(int fd, const char *data, size_t n) {
  while (n > 0) {
    ssize_t sent = send(fd, data, n, MSG_NOSIGNAL);
    if (sent <= 0) return -1;
    data += sent;
    n -= (size_t)sent;
  }
  return 0;
}

// Reads the request up to and with the blank line into buf (a string); -1 if the client
// left first or the request is too long.
static int read_request(int fd, char *buf, size_t size) {
  size_t have = 0;
  buf[0] = '\0';
  while (strstr(buf, "\r\n\r\n") == NULL && strstr(buf, "\n\n") == NULL) {
    if (have + 1 >= size) return -1;
    ssize_t n = recv(fd, buf + have, size - 1 - have, 0);
    if (n <= 0) return -1;
    have += (size_t)n;
    buf[have] = '\0';
  }
  return 0;
}

// The origin's whole answer, read until it closes the connection (malloc'ed, *length bytes);
// NULL when it cannot be reached.
static char *fetch(const char *host, const char *port, const char *path, const char *hostport,
                   size_t *length) {
  struct addrinfo hints = {0}, *found;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host, port, &hints, &found) != 0) return NULL;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0 || connect(fd, found->ai_addr, found->ai_addrlen) < 0) {
    freeaddrinfo(found);
    if (fd >= 0) close(fd);
    return NULL;
  }
  freeaddrinfo(found);
  char request[MAX_REQUEST + 64];
  int n = snprintf(request, sizeof request, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path, hostport);
  if (send_all(fd, request, (size_t)n) < 0) {
    close(fd);
    return NULL;
  }
  size_t size = 65536, have = 0;
  char *answer = malloc(size);
  for (;;) {  // one recv() returns what has come so far: read until the origin closes
    if (have == size) answer = realloc(answer, size *= 2);
    ssize_t got = recv(fd, answer + have, size - have, 0);
    if (got < 0) {
      free(answer);
      close(fd);
      return NULL;
    }
    if (got == 0) break;
    have += (size_t)got;
  }
  close(fd);
  *length = have;
  return answer;
}

static void serve(int client) {
  char request[MAX_REQUEST];
  if (read_request(client, request, sizeof request) < 0) return;
  char method[16], url[MAX_REQUEST];
  if (sscanf(request, "%15s %8000s", method, url) != 2 || strcmp(method, "GET") != 0 ||
      strncmp(url, "http://", 7) != 0) {
    send_all(client, "HTTP/1.0 400 Bad Request\r\n\r\n", 28);
    return;
  }
  for (int i = 0; i < cached; i++)  // keyed by the whole URL
    if (strcmp(cache[i].url, url) == 0) {
      send_all(client, cache[i].answer, cache[i].length);
      return;
    }
  // http://host[:port]/path
  char hostport[MAX_REQUEST], host[MAX_REQUEST], port[16] = "80", path[MAX_REQUEST] = "/";
  const char *rest = url + 7, *slash = strchr(rest, '/');
  size_t hp = slash ? (size_t)(slash - rest) : strlen(rest);
  memcpy(hostport, rest, hp);
  hostport[hp] = '\0';
  if (slash) snprintf(path, sizeof path, "%s", slash);
  snprintf(host, sizeof host, "%s", hostport);
  char *colon = strchr(host, ':');
  if (colon) {
    *colon = '\0';
    snprintf(port, sizeof port, "%s", colon + 1);
  }
  size_t length = 0;
  char *answer = fetch(host, port, path, hostport, &length);
  if (answer == NULL) {
    const char *bad = "HTTP/1.0 502 Bad Gateway\r\n\r\n";
    send_all(client, bad, strlen(bad));
    return;
  }
  send_all(client, answer, length);
  // Status line "HTTP/1.x 200 ...": kept.
  char *space = memchr(answer, ' ', length < 16 ? length : 16);
  if (space && length - (size_t)(space - answer) > 4 && memcmp(space, " 200", 4) == 0 &&
      cached < MAX_CACHE) {
    cache[cached].url = strdup(url);
    cache[cached].answer = answer;
    cache[cached].length = length;
    cached++;
  } else {
    free(answer);
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: proxy PORT\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);  // a client that left must not end the proxy
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in at = {0};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(INADDR_ANY);
  at.sin_port = htons((unsigned short)atoi(argv[1]));
  if (bind(listener, (struct sockaddr *)&at, sizeof at) < 0 || listen(listener, 16) < 0) {
    perror("proxy");
    return 1;
  }
  for (;;) {
    int client = accept(listener, NULL, NULL);
    if (client < 0) continue;
    serve(client);
    close(client);
  }
}
