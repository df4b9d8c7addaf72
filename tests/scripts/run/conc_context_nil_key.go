// context.WithValue with a nil key panics as in Go.
package main

import (
	"context"
	"fmt"
)

func main() {
	fmt.Println("before")
	context.WithValue(context.Background(), nil, 1)
}

// Output:
// before
// panic: nil key
//
// goroutine 1 [running]:
// main.main()
// 	conc_context_nil_key.go:11
// Exit: 2
