// A panic in a goroutine other than main ends the program with status 2.
package main

func worker(n int) {
	defer println("worker deferred runs")
	if n == 3 {
		panic("worker 3 failed")
	}
}

func main() {
	go worker(3)
	block := make(chan int)
	<-block
	println("not reached")
}

// Output:
// worker deferred runs
// panic: worker 3 failed
//
// goroutine N [running]:
// main.worker(...)
// 	conc_panic_goroutine.go:7
// Exit: 2
