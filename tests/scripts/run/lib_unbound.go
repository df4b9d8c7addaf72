// A stdlib function that has no native yet is a compile error naming it.
package main

import "strings"

func main() {
	println(strings.NewReader("x").Len())
}

// Go: differs: Go implements every stdlib function
// Output:
// lib_unbound.go:7:10: gort: strings.(*Reader).Len is not implemented yet (a stdlib function without a native)
// Exit: 1
