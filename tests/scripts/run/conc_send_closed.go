package main

func main() {
	c := make(chan int, 1)
	close(c)
	println("closed")
	c <- 1
}

// Output:
// closed
// panic: send on closed channel
//
// goroutine 1 [running]:
// main.main()
// 	conc_send_closed.go:7
// Exit: 2
