// What the code generator does not handle yet is a compile error, not a crash.
// Go: differs: gort does not compile channels yet
package main

func main() {
	c := make(chan int, 1)
	println(len(c))
}

// Output:
// unsupported_chan.go:6:7: gort: channels is not supported yet
// Exit: 1
