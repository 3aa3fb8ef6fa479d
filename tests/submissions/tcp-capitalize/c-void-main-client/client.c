#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void main(int argc, char *argv[]) {
    int sock, n;
    char sentence[1024], modified[1024];
    struct sockaddr_in server;

    sock = socket(AF_INET, SOCK_STREAM, 0);
    server.sin_family = AF_INET;
    server.sin_port = htons(atoi(argv[2]));
    server.sin_addr.s_addr = inet_addr(argv[1]);
    if (connect(sock, (struct sockaddr *)&server, sizeof(server)) < 0) {
        printf("connect failed\n");
        exit(1);
    }
    printf("Input lowercase sentence: ");
    fgets(sentence, sizeof(sentence), stdin);
    send(sock, sentence, strlen(sentence), 0);
    n = recv(sock, modified, sizeof(modified) - 1, 0);
    modified[n] = '\0';
    close(sock);
    printf("From Server: %s", modified);
}
