// package runtime: Gosched yields to a runnable goroutine on one P,
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
	println("before Gosched")
	runtime.Gosched()
	println("after Gosched")
	<-done
	block := make(chan int)
	for i := 0; i < 3; i++ {
		go func() { <-block }()
	}
	runtime.Gosched()
	println("goroutines:", runtime.NumGoroutine())
	close(block)
	runtime.Gosched()
	println("goroutines:", runtime.NumGoroutine())
	println(runtime.GOMAXPROCS(2), runtime.GOMAXPROCS(0))
}

// Output:
// true 1
// before Gosched
// goroutine runs
// after Gosched
// goroutines: 4
// goroutines: 1
// 1 2
