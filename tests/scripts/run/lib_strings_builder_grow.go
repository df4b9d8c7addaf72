// strings.Builder.Grow with a negative count panics with Go's message.
package main

import "strings"

func main() {
	var b strings.Builder
	b.Grow(4)
	println(b.Cap())
	b.Grow(-1)
}

// Go: differs: Go's traceback starts with the frames of strings.Builder's methods
// Output:
// 4
// panic: strings.Builder.Grow: negative count
//
// goroutine 1 [running]:
// main.main()
// 	lib_strings_builder_grow.go:10
// Exit: 2
