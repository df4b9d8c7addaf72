// A panic unwinds several frames, running each frame's defers, until a
// deferred call recovers; the recovering function returns normally.
package main

import "fmt"

func level(n int) {
	defer fmt.Println("unwinding level", n)
	if n == 3 {
		panic(fmt.Sprintf("deep at %d", n))
	}
	level(n + 1)
	fmt.Println("never printed", n)
}

func guard() (msg string) {
	defer func() { msg = fmt.Sprint("guard caught: ", recover()) }()
	level(0)
	return "no panic"
}

func main() {
	fmt.Println(guard())
	fmt.Println("main goes on")
}

// Output:
// unwinding level 3
// unwinding level 2
// unwinding level 1
// unwinding level 0
// guard caught: deep at 3
// main goes on
