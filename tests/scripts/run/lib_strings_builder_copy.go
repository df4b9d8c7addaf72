// A Builder copied by value after use panics on its next write, with
// Go's message; a Builder copied before use is fine.
package main

import "strings"

func main() {
	var a strings.Builder
	c := a
	c.WriteString("fresh copy is fine")
	println(c.String())
	a.WriteString("x")
	b := a
	println(b.Len(), b.String())
	b.WriteString("y")
}

// Go: differs: Go's traceback starts with the frames of strings.Builder's methods
// Output:
// fresh copy is fine
// 1 x
// panic: strings: illegal use of non-zero Builder copied by value
//
// goroutine 1 [running]:
// main.main()
// 	lib_strings_builder_copy.go:15
// Exit: 2
