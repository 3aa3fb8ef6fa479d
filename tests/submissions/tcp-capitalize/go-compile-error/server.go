package main

import (
	"fmt"
	"net"
)

func main() {
	listener, err := net.Listen("tcp", ":12000")
	fmt.Println("The server is ready to receive")
}
