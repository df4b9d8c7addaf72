// Every goroutine blocked: Go's fatal error and the main goroutine's
// wait reason.
package main

func main() {
	c := make(chan int)
	go func() {
		c <- 1
		c <- 2
	}()
	println(<-c)
	println(<-c)
	println(<-c)
}

// Output:
// 1
// 2
// fatal error: all goroutines are asleep - deadlock!
//
// goroutine 1 [chan receive]:
// main.main()
// 	conc_deadlock.go:13
// Exit: 2
