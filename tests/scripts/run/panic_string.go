// panic with a string value.
package main

func check(x int) {
	if x > 2 {
		panic("x is too big")
	}
	println("ok", x)
}

func main() {
	for i := 0; i < 5; i++ {
		check(i)
	}
}

// Output:
// ok 0
// ok 1
// ok 2
// panic: x is too big
//
// goroutine 1 [running]:
// main.check(...)
// 	panic_string.go:6
// main.main()
// 	panic_string.go:13
// Exit: 2
