// Storing nil into an atomic.Value panics with Go's message.
package main

import (
	"fmt"
	"sync/atomic"
)

func main() {
	var v atomic.Value
	v.Store(1)
	fmt.Println(v.Load())
	v.Store(nil)
}

// Output:
// 1
// panic: sync/atomic: store of nil value into Value
//
// goroutine 1 [running]:
// main.main()
// 	conc_atomic_value_nil.go:13
// Exit: 2
