// Integer division by zero panics.
package main

func f(a, b int) int {
	return a / b
}

func main() {
	println(f(10, 3))
	println(f(1, 0))
}

// Output:
// 3
// panic: runtime error: integer divide by zero
//
// goroutine 1 [running]:
// main.f(...)
// 	div_zero.go:5
// main.main()
// 	div_zero.go:10
// Exit: 2
