package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "to stderr", 1)
	fmt.Fprintf(os.Stderr, "%05d|%q\n", 42, "e")
	n, err := os.Stdout.WriteString("direct\n")
	fmt.Println(n, err, os.Stdout.Name(), os.Stderr.Name())
	os.Stdout.Write([]byte("bytes\n"))
}

// Output:
// to stderr 1
// 00042|"e"
// direct
// 7 <nil> /dev/stdout /dev/stderr
// bytes
