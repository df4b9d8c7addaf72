// Go: differs: calls C through //gort:extern (Go needs cgo for this)
package main

import "fmt"

// one declaration per argument list: the first 3 parameters are
// snprintf's fixed ones, the rest its variadic arguments
//
//gort:extern libc.so.6 snprintf variadic 3
func sprintIF(buf []byte, n uint64, format string, i int, f float64) int32

//gort:extern libc.so.6 snprintf variadic 3
func sprintSmall(buf []byte, n uint64, format string, a int8, b uint16, c float32, d bool, s string) int32

func main() {
	b := make([]byte, 64)
	n := sprintIF(b, 64, "%d|%.3f", -42, 3.14159)
	fmt.Println(n, string(b[:n]))
	n = sprintSmall(b, 64, "%d %d %.2f %d %s", -5, 65535, 0.75, true, "end")
	fmt.Println(n, string(b[:n]))
	n = sprintIF(b, 8, "%d|%.0f", 123456, 7) // truncated: C returns the full length
	fmt.Println(n, string(b[:7]))
}

// Output:
// 9 -42|3.142
// 19 -5 65535 0.75 1 end
// 8 123456|
