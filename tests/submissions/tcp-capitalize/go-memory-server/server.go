// Keeps every buffer it ever made, each page touched so that the memory is really used.
package main

func main() {
	var kept [][]byte
	for {
		b := make([]byte, 64<<20)
		// One byte a page: each page is really used, and a loaded machine (CI at 3be7e95:
		// "never started listening" after 8.4 s) does not spend seconds writing the rest.
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		kept = append(kept, b)
	}
}
