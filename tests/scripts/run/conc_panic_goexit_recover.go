// A panic raised by a deferred call during Goexit and recovered: the
// Goexit goes on with the remaining deferred calls.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	done := make(chan bool)
	go func() {
		defer func() { done <- true }()
		defer fmt.Println("after recovery, Goexit goes on")
		defer func() { fmt.Println("recovered:", recover()) }()
		defer func() { panic("in goexit defer") }()
		runtime.Goexit()
	}()
	<-done
	fmt.Println("main done")
}

// Output:
// recovered: in goexit defer
// after recovery, Goexit goes on
// main done
