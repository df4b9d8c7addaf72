package main

func main() {
	var c chan bool
	println("closing nil")
	close(c)
}

// Output:
// closing nil
// panic: close of nil channel
//
// goroutine 1 [running]:
// main.main()
// 	conc_close_nil.go:6
// Exit: 2
