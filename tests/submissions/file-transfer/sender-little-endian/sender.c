// File sender: sends the files named on its input, one per line, over one TCP connection.
// Usage: sender HOST PORT
//
// For each file: its name and '\n', its length as 4 bytes big-endian (network byte order),
// then its bytes; then it waits for the receiver's "OK <length>\n" before the next file. At
// the end of its input it closes the connection and exits with status 0.
//
// The content is binary: any byte, '\0' included. It is handled with fread() and send() and
// a count of bytes, never with string functions (strlen, fgets, printf "%s"), which stop at
// the first '\0'.
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK 65536  // a large file is sent piece by piece, never held whole in memory

// send() may take only part of what it is given: send the rest until all of it is gone.
// MSG_NOSIGNAL: a receiver that has gone away makes send() fail instead of killing us.
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

// Sends the name line, the length and the bytes of the file `name`; returns its length,
// or -1 (having said why) if the file cannot be read or the connection fails.
static long send_file(int sock, const char *name) {
  FILE *f = fopen(name, "rb");  // "rb": the bytes as they are on disk
  struct stat st;
  if (f == NULL || fstat(fileno(f), &st) < 0 || st.st_size > UINT32_MAX) {
    fprintf(stderr, "%s: cannot send it\n", name);
    if (f != NULL) fclose(f);
    return -1;
  }
  uint32_t length = (uint32_t)st.st_size;
  uint32_t net_length = length;  // the 4 bytes of the length
  // The name is text typed by the user (no '\0' in it): strlen() is right here.
  if (send_all(sock, name, strlen(name)) < 0 || send_all(sock, "\n", 1) < 0 ||
      send_all(sock, &net_length, 4) < 0) {
    fclose(f);
    return -1;
  }
  static unsigned char piece[CHUNK];
  uint32_t left = length;
  while (left > 0) {
    size_t want = left < CHUNK ? left : CHUNK;
    size_t got = fread(piece, 1, want, f);  // a count of bytes: '\0' is a byte like any other
    if (got == 0 || send_all(sock, piece, got) < 0) break;
    left -= (uint32_t)got;
  }
  fclose(f);
  if (left > 0) {
    fprintf(stderr, "%s: could not send all of it\n", name);
    return -1;
  }
  return (long)length;
}

// Reads the receiver's answer, up to its '\n', into `answer` (ended by '\0'). One byte per
// recv(): the answer is short, and nothing after its '\n' is taken away from the next one.
static int read_answer(int sock, char *answer, size_t size) {
  size_t len = 0;
  for (;;) {
    char c;
    ssize_t n = recv(sock, &c, 1, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;  // the receiver closed the connection (or reset it)
    if (len + 1 < size) answer[len++] = c;
    if (c == '\n') break;
  }
  answer[len] = '\0';
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
  if (getaddrinfo(argv[1], argv[2], &hints, &found) != 0) {
    fprintf(stderr, "%s: unknown host\n", argv[1]);
    return 1;
  }
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
    // The file's name is the line without its end ("\n", or "\r\n" from Windows).
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    if (len == 0) continue;
    long length = send_file(sock, line);
    if (length < 0) return 1;
    char answer[64], expected[64];
    snprintf(expected, sizeof expected, "OK %ld\n", length);
    if (read_answer(sock, answer, sizeof answer) < 0 || strcmp(answer, expected) != 0) {
      fprintf(stderr, "%s: the receiver did not answer OK %ld\n", line, length);
      return 1;
    }
    printf("sent %s (%ld bytes)\n", line, length);
  }
  free(line);
  close(sock);
  return 0;
}
