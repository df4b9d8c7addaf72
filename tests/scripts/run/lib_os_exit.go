// os.Exit ends the program at once with its status.
package main

import "os"

func check(n int) {
	if n > 2 {
		println("exiting with", n)
		os.Exit(n)
	}
}

func main() {
	for i := 0; i < 10; i++ {
		check(i)
	}
	println("not reached")
}

// Output:
// exiting with 3
// Exit: 3
