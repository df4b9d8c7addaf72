// package runtime: Gosched yields to runnable goroutines on one P,
// NumGoroutine counts parked ones, GOMAXPROCS queries and sets.
package main

import "runtime"

func main() {
	println(runtime.GOMAXPROCS(1) == runtime.NumCPU(), runtime.GOMAXPROCS(0))
	done := make(chan bool)
	go func() {
		println("goroutine runs")
		done <- true
	}()
	runtime.Gosched()
	<-done
	println("after Gosched")
	block := make(chan int)
	for i := 0; i < 3; i++ {
		go func() { <-block }()
	}
	runtime.Gosched()
	println("goroutines:", runtime.NumGoroutine())
	close(block)
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	println("goroutines:", runtime.NumGoroutine())
	println(runtime.GOMAXPROCS(2), runtime.GOMAXPROCS(0))
}

// Output:
// true 1
// goroutine runs
// after Gosched
// goroutines: 4
// goroutines: 1
// 1 2
