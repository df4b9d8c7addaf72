// A negative shift count panics.
package main

func main() {
	s := -1
	println(1 << s)
}

// Output:
// panic: runtime error: negative shift amount
//
// goroutine 1 [running]:
// main.main()
// 	neg_shift.go:6
// Exit: 2
