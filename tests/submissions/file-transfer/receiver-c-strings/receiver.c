// File receiver: accepts senders one after another and writes the files they send into its
// working folder.
// Usage: receiver PORT
//
// On one connection, for each file: its name and '\n', its length as 4 bytes big-endian
// (network byte order), then exactly that many bytes. Each complete file is answered with
// "OK <length>\n". When the sender closes the connection, the receiver takes the next one.
//
// The content is binary: any byte, '\0' included. It is handled with memcpy() and fwrite()
// and a count of bytes, never with string functions (strlen, strcpy, fputs, printf "%s"),
// which stop at the first '\0'.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_NAME 255  // the longest file name most file systems take
#define CHUNK 65536   // a large file is written piece by piece, never held whole in memory

// The bytes of one connection. TCP keeps no boundaries: one recv() may return part of a
// name, a length cut in two, or the end of one file and the start of the next. So recv()
// fills buf, and each read takes from buf[start..end) only what it asked for; the rest
// waits there for the next read.
struct stream {
  int fd;
  size_t start, end;
  unsigned char buf[CHUNK];
};

// Makes sure at least one byte is waiting in the buffer, with one recv() if it is empty.
// Returns -1 once the sender has closed the connection (recv() returns 0) or it was reset.
static int fill(struct stream *s) {
  if (s->start < s->end) return 0;
  ssize_t n;
  do {
    n = recv(s->fd, s->buf, sizeof s->buf, 0);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return -1;
  s->start = 0;
  s->end = (size_t)n;
  return 0;
}

// Copies exactly `size` bytes to `out`: what is waiting first, then from as many recv() as
// it takes. Returns -1 if the connection ends first.
static int read_exactly(struct stream *s, void *out, size_t size) {
  unsigned char *to = out;
  while (size > 0) {
    if (fill(s) < 0) return -1;
    size_t n = s->end - s->start;
    if (n > size) n = size;
    memcpy(to, s->buf + s->start, n);
    s->start += n;
    to += n;
    size -= n;
  }
  return 0;
}

// Reads the name line into `name` (ended by '\0' instead of '\n'). Returns -1 if the
// connection ends first, or if the name is too long or not made of letters, digits, '.',
// '-' and '_' (no '/': a file cannot leave the folder; no '\0' either).
static int read_name(struct stream *s, char name[MAX_NAME + 1]) {
  size_t len = 0;
  for (;;) {
    char c;
    if (read_exactly(s, &c, 1) < 0) return -1;
    if (c == '\n') break;
    int valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '-' || c == '_';
    if (!valid || len == MAX_NAME) return -1;
    name[len++] = c;
  }
  name[len] = '\0';
  if (len == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) return -1;
  return 0;
}

// Writes the next `length` bytes of the stream to the file `name`. Returns -1 (and leaves
// no file) if the connection ends before they have all come.
static int receive_file(struct stream *s, const char *name, uint32_t length) {
  FILE *f = fopen(name, "wb");  // "wb": the bytes as they are
  if (f == NULL) {
    perror(name);
    return -1;
  }
  static char piece[CHUNK + 1];
  uint32_t left = length;
  while (left > 0) {
    size_t n = left < CHUNK ? left : CHUNK;
    if (read_exactly(s, piece, n) < 0) break;
    piece[n] = '\0';
    if (fputs(piece, f) == EOF) break;
    left -= (uint32_t)n;
  }
  if (fclose(f) != 0 || left > 0) {
    remove(name);  // an incomplete file is not a file that was sent
    return -1;
  }
  return 0;
}

// send() may take only part of what it is given: send the rest until all of it is gone.
// MSG_NOSIGNAL: a sender that has gone away makes send() fail instead of killing us.
static int send_all(int fd, const void *data, size_t size) {
  const unsigned char *from = data;
  while (size > 0) {
    ssize_t n = send(fd, from, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    from += n;
    size -= (size_t)n;
  }
  return 0;
}

// Receives the files of one sender, until it closes the connection.
static void serve(int conn) {
  static struct stream s;  // static: 64 KiB is better kept off the stack
  s.fd = conn;
  s.start = s.end = 0;
  for (;;) {
    char name[MAX_NAME + 1];
    if (read_name(&s, name) < 0) return;  // the end (or a name refused): close
    uint32_t net_length;
    if (read_exactly(&s, &net_length, 4) < 0) return;
    uint32_t length = ntohl(net_length);  // from network byte order (big-endian)
    // A length of 0 is an empty file, not the end: the end is the connection closing.
    if (receive_file(&s, name, length) < 0) return;
    char ok[32];
    int n = snprintf(ok, sizeof ok, "OK %lu\n", (unsigned long)length);
    if (send_all(conn, ok, (size_t)n) < 0) return;
    printf("received %s (%lu bytes)\n", name, (unsigned long)length);
    fflush(stdout);
  }
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
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons((unsigned short)atoi(argv[1]));
  if (bind(server, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(server, 16) < 0) {
    perror("bind/listen");
    return 1;
  }
  for (;;) {
    int conn = accept(server, NULL, NULL);
    if (conn < 0) continue;
    serve(conn);
    close(conn);
  }
}
