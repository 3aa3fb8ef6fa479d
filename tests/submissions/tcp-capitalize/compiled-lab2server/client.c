#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
    struct addrinfo hints, *res;
    char line[1024], reply[1024];
    int fd, n;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    if (argc < 3 || getaddrinfo(argv[1], argv[2], &hints, &res) != 0) {
        fprintf(stderr, "usage: %s host port\n", argv[0]);
        return 1;
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
        perror("connect");
        return 1;
    }
    FILE *in = fdopen(fd, "r");
    while (fgets(line, sizeof(line), stdin) != NULL) {
        write(fd, line, strlen(line));
        if (fgets(reply, sizeof(reply), in) == NULL)
            break;
        fputs(reply, stdout);
        fflush(stdout);
    }
    close(fd);
    return 0;
}
