// UDP capitalize client: sends each line as a datagram and prints the answer; an answer that
// does not come within 1 s means the line is sent again, 3 sends in all, then "timed out".
// Usage: client HOST PORT
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"time"
)

func main() {
	conn, err := net.Dial("udp", net.JoinHostPort(os.Args[1], os.Args[2]))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	buf := make([]byte, 65535)
	input := bufio.NewScanner(os.Stdin)
	for input.Scan() {
		line := input.Text()
		answered := false
		for send := 0; send < 3 && !answered; send++ {
			conn.Write([]byte(line))
			conn.SetReadDeadline(time.Now().Add(time.Second))
			n, err := conn.Read(buf)
			if err != nil {
				continue // timed out (or refused): send it again
			}
			fmt.Println(string(buf[:n]))
			answered = true
		}
		if !answered {
			fmt.Println("Request timed out:", line)
		}
	}
}
