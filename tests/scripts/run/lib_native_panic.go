// A native that panics: the traceback shows the script's frames.
package main

import "strings"

func pad(n int) string {
	return strings.Repeat(" ", n)
}

func main() {
	println("[" + pad(2) + "]")
	println(pad(-1))
}

// Go: differs: Go's traceback starts with the frame of strings.Repeat itself
// Output:
// [  ]
// panic: strings: negative Repeat count
//
// goroutine 1 [running]:
// main.pad(...)
// 	lib_native_panic.go:7
// main.main()
// 	lib_native_panic.go:12
// Exit: 2
