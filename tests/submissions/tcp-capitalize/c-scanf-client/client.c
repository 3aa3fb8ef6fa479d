#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
    int sock, n;
    char sentence[1024], reply[1024];
    struct sockaddr_in server;

    sock = socket(AF_INET, SOCK_STREAM, 0);
    server.sin_family = AF_INET;
    server.sin_port = htons(atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &server.sin_addr);
    if (connect(sock, (struct sockaddr *)&server, sizeof(server)) < 0) {
        perror("connect");
        return 1;
    }
    printf("Input lowercase sentence: ");
    while (scanf("%s", sentence) == 1) {
        strcat(sentence, "\n");
        send(sock, sentence, strlen(sentence), 0);
        n = recv(sock, reply, sizeof(reply) - 1, 0);
        if (n <= 0)
            break;
        reply[n] = '\0';
        printf("From Server: %s", reply);
    }
    close(sock);
    return 0;
}
