// Keeps every buffer it ever made, touched so that the memory is really used.
package main

func main() {
	var kept [][]byte
	for {
		b := make([]byte, 64<<20)
		for i := range b {
			b[i] = 1
		}
		kept = append(kept, b)
	}
}
