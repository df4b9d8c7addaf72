// Done more often than Add panics with Go's message.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	wg.Done()
	wg.Done()
	fmt.Println("balanced")
	wg.Done()
}

// Output:
// balanced
// panic: sync: negative WaitGroup counter
//
// goroutine 1 [running]:
// main.main()
// 	conc_sync_waitgroup_negative.go:15
// Exit: 2
