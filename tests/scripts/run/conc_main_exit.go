// main returning ends the program, as in Go: goroutines still blocked
// or running do not keep it alive.
package main

func main() {
	block := make(chan int)
	for i := 0; i < 10; i++ {
		go func() { <-block }()
	}
	go func() {
		for {
		}
	}()
	started := make(chan bool)
	go func() {
		started <- true
		block <- 1
	}()
	<-started
	println("main returns")
}

// Output:
// main returns
