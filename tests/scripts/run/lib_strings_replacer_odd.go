package main

import (
	"fmt"
	"strings"
)

func main() {
	fmt.Println("start")
	strings.NewReplacer("a")
}

// Go: differs: Go's traceback starts with the frame of strings.NewReplacer itself
// Output:
// start
// panic: strings.NewReplacer: odd argument count
//
// goroutine 1 [running]:
// main.main()
// 	lib_strings_replacer_odd.go:10
// Exit: 2
