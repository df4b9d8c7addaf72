package main

func main() {
	c := make(chan int)
	close(c)
	println("closing again")
	close(c)
}

// Output:
// closing again
// panic: close of closed channel
//
// goroutine 1 [running]:
// main.main()
// 	conc_close_closed.go:7
// Exit: 2
