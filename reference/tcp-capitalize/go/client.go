// TCP capitalize client: sends each line of its input, prints each answer.
// Usage: client HOST PORT
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
)

func main() {
	conn, err := net.Dial("tcp", net.JoinHostPort(os.Args[1], os.Args[2]))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer conn.Close()
	answers := bufio.NewReader(conn)
	input := bufio.NewScanner(os.Stdin)
	for input.Scan() {
		if _, err := fmt.Fprintf(conn, "%s\n", input.Text()); err != nil {
			os.Exit(1)
		}
		answer, err := answers.ReadString('\n')
		if err != nil {
			fmt.Fprintln(os.Stderr, "the server closed the connection")
			os.Exit(1)
		}
		fmt.Print(answer)
	}
}
