package main

import (
	"errors"
	"fmt"
)

func main() {
	var x int
	fmt.Println("start")
	errors.As(errors.New("e"), x)
}

// Go: differs: Go's traceback starts with the frame of errors.As itself
// Output:
// start
// panic: errors: target must be a non-nil pointer
//
// goroutine 1 [running]:
// main.main()
// 	lib_errors_as_panic.go:11
// Exit: 2
