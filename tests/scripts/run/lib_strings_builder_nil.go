// A method of a nil *strings.Builder is a nil dereference, as in Go.
package main

import "strings"

func main() {
	var b *strings.Builder
	println(b == nil)
	b.WriteString("x")
}

// Go: differs: Go's traceback starts with the frames of strings.Builder's methods
// Output:
// true
// panic: runtime error: invalid memory address or nil pointer dereference
// [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]
//
// goroutine 1 [running]:
// main.main()
// 	lib_strings_builder_nil.go:9
// Exit: 2
