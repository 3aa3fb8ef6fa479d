// UDP capitalize server: answers every datagram with its text in upper case.
// Usage: server PORT
package main

import (
	"fmt"
	"net"
	"os"
	"strings"
)

// The upper case as Python's str.upper() gives it: strings.ToUpper maps each letter to one
// letter, and ß has none (its upper case is SS).
func upper(text string) string {
	return strings.ToUpper(strings.ReplaceAll(text, "ß", "SS"))
}

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
		conn.WriteTo([]byte(upper(string(buf[:n]))), from)
	}
}
