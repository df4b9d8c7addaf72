// panic with a formatted message.
package main

import "fmt"

func check(n int) {
	if n > 2 {
		panic(fmt.Sprintf("n too large: %d > %d", n, 2))
	}
}

func main() {
	check(1)
	check(5)
}

// Output:
// panic: n too large: 5 > 2
//
// goroutine 1 [running]:
// main.check(...)
// 	panic_sprintf.go:8
// main.main()
// 	panic_sprintf.go:14
// Exit: 2
