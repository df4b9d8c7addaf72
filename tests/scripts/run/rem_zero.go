// Remainder by zero panics, unsigned too.
package main

func main() {
	var a uint32 = 5
	var b uint32
	println("before")
	println(a % b)
}

// Output:
// before
// panic: runtime error: integer divide by zero
//
// goroutine 1 [running]:
// main.main()
// 	rem_zero.go:8
// Exit: 2
