/* TCP client: the server is on the lab PC at 10.0.0.5 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
    int sock, n;
    char line[1024], reply[1024];
    struct sockaddr_in server;

    if (argc < 3) {
        fprintf(stderr, "usage: %s host port\n", argv[0]);
        return 1;
    }
    sock = socket(AF_INET, SOCK_STREAM, 0);
    memset(&server, 0, sizeof(server));
    server.sin_family = AF_INET;
    server.sin_port = htons(atoi(argv[2]));
    server.sin_addr.s_addr = inet_addr("10.0.0.5");
    if (connect(sock, (struct sockaddr *)&server, sizeof(server)) < 0) {
        perror("connect");
        return 1;
    }
    while (fgets(line, sizeof(line), stdin) != NULL) {
        send(sock, line, strlen(line), 0);
        n = recv(sock, reply, sizeof(reply) - 1, 0);
        if (n <= 0)
            break;
        reply[n] = '\0';
        printf("From Server: %s", reply);
    }
    close(sock);
    return 0;
}
