// A goroutine spinning in `for {}` on the only P does not freeze the
// program: the interpreter polls for preemption at back-edges.
// Env: GOMAXPROCS=1
package main

import "runtime"

func main() {
	runtime.GOMAXPROCS(1)
	done := make(chan bool)
	go func() { done <- true }()
	go func() {
		for {
		}
	}()
	<-done
	println("main got through")
}

// Output:
// main got through
