/* A C server that upper-cases by hand: `if (c >= 97 || c <= 122)` is true of every byte, so
 * 32 comes off each one ('I' becomes ')', a space becomes '\0'), and strlen() then ends the
 * answer at the first space. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFSIZE 4096

int main(int argc, char *argv[]) {
    int listenfd, connfd, n, i;
    char buffer[BUFSIZE];
    size_t used;
    struct sockaddr_in servaddr;

    listenfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(atoi(argv[1]));
    bind(listenfd, (struct sockaddr *)&servaddr, sizeof(servaddr));
    listen(listenfd, 5);
    for (;;) {
        connfd = accept(listenfd, NULL, NULL);
        used = 0;
        while ((n = recv(connfd, buffer + used, BUFSIZE - 1 - used, 0)) > 0) {
            char *line = buffer, *end;
            used += n;
            buffer[used] = '\0';
            while ((end = strchr(line, '\n')) != NULL) {
                *end = '\0';
                for (i = 0; line[i] != '\0'; i++)
                    if (line[i] >= 97 || line[i] <= 122)
                        line[i] = line[i] - 32;
                send(connfd, line, strlen(line), 0);
                send(connfd, "\n", 1, 0);
                line = end + 1;
            }
            used = strlen(line);
            memmove(buffer, line, used);
        }
        close(connfd);
    }
}
