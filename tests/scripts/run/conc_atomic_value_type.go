// Storing a value of another type into an atomic.Value panics.
package main

import (
	"fmt"
	"sync/atomic"
)

func main() {
	var v atomic.Value
	v.Store("a string")
	fmt.Println(v.Load())
	v.Store(42)
}

// Output:
// a string
// panic: sync/atomic: store of inconsistently typed value into Value
//
// goroutine 1 [running]:
// main.main()
// 	conc_atomic_value_type.go:13
// Exit: 2
