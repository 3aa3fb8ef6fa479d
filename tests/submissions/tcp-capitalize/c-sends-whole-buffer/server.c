#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFSIZE 1024

int main(int argc, char *argv[]) {
    int listenfd, connfd, n, i;
    char buffer[BUFSIZE];
    struct sockaddr_in servaddr;

    listenfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(atoi(argv[1]));
    bind(listenfd, (struct sockaddr *)&servaddr, sizeof(servaddr));
    listen(listenfd, 5);
    printf("The server is ready to receive\n");
    for (;;) {
        connfd = accept(listenfd, NULL, NULL);
        memset(buffer, 0, BUFSIZE);
        while ((n = recv(connfd, buffer, BUFSIZE, 0)) > 0) {
            for (i = 0; i < n; i++)
                buffer[i] = toupper(buffer[i]);
            send(connfd, buffer, BUFSIZE, 0);
            memset(buffer, 0, BUFSIZE);
        }
        close(connfd);
    }
}
