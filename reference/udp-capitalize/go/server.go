// UDP capitalize server: answers every datagram with its text in upper case.
// Usage: server PORT
package main

import (
	"fmt"
	"net"
	"os"
	"strings"
)

func main() {
	conn, err := net.ListenPacket("udp", ":"+os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("The server is ready to receive")
	buf := make([]byte, 65535) // the largest datagram there is: nothing is cut
	for {
		n, from, err := conn.ReadFrom(buf)
		if err != nil {
			continue
		}
		conn.WriteTo([]byte(strings.ToUpper(string(buf[:n]))), from)
	}
}
