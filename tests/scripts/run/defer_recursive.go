// Defers in recursive calls unwind frame by frame.
package main

import "fmt"

func down(n int) {
	defer fmt.Println("unwind", n)
	if n == 0 {
		fmt.Println("bottom")
		return
	}
	down(n - 1)
}

func main() { down(4) }

// Output:
// bottom
// unwind 0
// unwind 1
// unwind 2
// unwind 3
// unwind 4
