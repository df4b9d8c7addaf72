// Deriving a context from a nil parent panics as in Go.
package main

import (
	"context"
	"fmt"
)

func main() {
	var parent context.Context
	fmt.Println("before")
	context.WithCancel(parent)
}

// Output:
// before
// panic: cannot create context from nil parent
//
// goroutine 1 [running]:
// main.main()
// 	conc_context_nil_parent.go:12
// Exit: 2
