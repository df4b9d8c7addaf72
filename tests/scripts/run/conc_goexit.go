// runtime.Goexit ends a goroutine at once; in main, the program goes on
// until the other goroutines end, then Go's "no goroutines" deadlock.
package main

import "runtime"

func main() {
	c := make(chan int)
	for i := 0; i < 3; i++ {
		go func(k int) {
			c <- k
			runtime.Goexit()
			println("unreachable")
		}(i)
	}
	sum := 0
	for i := 0; i < 3; i++ {
		sum += <-c
	}
	println("sum", sum)
	go func() {
		for runtime.NumGoroutine() > 2 {
			runtime.Gosched()
		}
		println("last goroutine ends")
	}()
	runtime.Goexit()
	println("unreachable in main")
}

// Output:
// sum 3
// last goroutine ends
// fatal error: no goroutines (main called runtime.Goexit) - deadlock!
// Exit: 2
