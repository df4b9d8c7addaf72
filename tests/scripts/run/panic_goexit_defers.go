// runtime.Goexit runs the goroutine's deferred calls; recover returns
// nil during it.
package main

import (
	"fmt"
	"runtime"
)

func worker(done chan bool) {
	defer func() { done <- true }()
	defer func() { fmt.Println("recover during Goexit:", recover()) }()
	defer fmt.Println("deferred in worker")
	func() {
		defer fmt.Println("deferred in inner")
		runtime.Goexit()
	}()
	fmt.Println("not reached")
}

func main() {
	done := make(chan bool)
	go worker(done)
	<-done
	fmt.Println("main done")
}

// Output:
// deferred in inner
// deferred in worker
// recover during Goexit: <nil>
// main done
