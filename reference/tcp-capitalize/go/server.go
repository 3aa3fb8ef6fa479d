// TCP capitalize server: answers every line with the same line in upper case, one goroutine
// per client. Usage: server PORT
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strings"
)

func serve(conn net.Conn) {
	defer conn.Close()
	// A Scanner splits at newlines however the bytes arrive.
	lines := bufio.NewScanner(conn)
	lines.Buffer(make([]byte, 1<<16), 1<<20)
	for lines.Scan() {
		if _, err := fmt.Fprintf(conn, "%s\n", upper(lines.Text())); err != nil {
			return
		}
	}
}

// The upper case as Python's str.upper() gives it: strings.ToUpper maps each letter to one
// letter, and ß has none (its upper case is SS).
func upper(text string) string {
	return strings.ToUpper(strings.ReplaceAll(text, "ß", "SS"))
}

func main() {
	listener, err := net.Listen("tcp", ":"+os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("The server is ready to receive")
	for {
		conn, err := listener.Accept()
		if err != nil {
			continue
		}
		go serve(conn)
	}
}
