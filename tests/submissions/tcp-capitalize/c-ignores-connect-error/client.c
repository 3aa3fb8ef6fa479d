#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERVER_PORT 12000

int main(int argc, char *argv[]) {
    int sock, n;
    char sentence[100], modified[100];
    struct sockaddr_in server;

    sock = socket(AF_INET, SOCK_STREAM, 0);
    memset(&server, 0, sizeof(server));
    server.sin_family = AF_INET;
    server.sin_port = htons(SERVER_PORT);
    server.sin_addr.s_addr = inet_addr("127.0.0.1");
    if (connect(sock, (struct sockaddr *)&server, sizeof(server)) < 0)
        printf("connect error!!\n");
    printf("Input lowercase sentence: ");
    fgets(sentence, sizeof(sentence), stdin);
    write(sock, sentence, strlen(sentence));
    n = read(sock, modified, sizeof(modified) - 1);
    modified[n] = '\0';
    printf("From Server: %s", modified);
    close(sock);
    return 0;
}
