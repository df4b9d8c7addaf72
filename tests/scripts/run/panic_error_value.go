// panic(err) prints the error's text; panic(fmt.Sprintf(...)) a string.
package main

import (
	"errors"
	"fmt"
)

func main() {
	defer fmt.Println("deferred runs before the crash")
	err := fmt.Errorf("wrapped: %w", errors.New("disk full"))
	panic(err)
}

// Output:
// deferred runs before the crash
// panic: wrapped: disk full
//
// goroutine 1 [running]:
// main.main()
// 	panic_error_value.go:12
// Exit: 2
