// A panic deep in the call chain shows every script frame.
package main

func a(n int) int { return b(n) + 1 }
func b(n int) int { return c(n) * 2 }
func c(n int) int {
	s := "abc"
	return int(s[n])
}

func main() {
	println(a(1))
	println(a(3))
}

// Output:
// 197
// panic: runtime error: index out of range [3] with length 3
//
// goroutine 1 [running]:
// main.c(...)
// 	panic_nested.go:8
// main.b(...)
// 	panic_nested.go:5
// main.a(...)
// 	panic_nested.go:4
// main.main()
// 	panic_nested.go:13
// Exit: 2
