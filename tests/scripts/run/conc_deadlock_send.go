// A send that nobody will ever receive.
package main

func main() {
	c := make(chan string, 1)
	c <- "fits"
	println("buffered", len(c))
	c <- "blocks"
}

// Output:
// buffered 1
// fatal error: all goroutines are asleep - deadlock!
//
// goroutine 1 [chan send]:
// main.main()
// 	conc_deadlock_send.go:8
// Exit: 2
