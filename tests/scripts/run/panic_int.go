// panic with an integer value.
package main

func main() {
	println("start")
	panic(42)
}

// Output:
// start
// panic: 42
//
// goroutine 1 [running]:
// main.main()
// 	panic_int.go:6
// Exit: 2
