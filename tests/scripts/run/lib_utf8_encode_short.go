package main

import (
	"fmt"
	"unicode/utf8"
)

func main() {
	b := make([]byte, 1)
	fmt.Println("start")
	utf8.EncodeRune(b, '世')
}

// Go: differs: Go's traceback starts with the frame of utf8.EncodeRune itself
// Output:
// start
// panic: runtime error: index out of range [2] with length 1
//
// goroutine 1 [running]:
// main.main()
// 	lib_utf8_encode_short.go:11
// Exit: 2
