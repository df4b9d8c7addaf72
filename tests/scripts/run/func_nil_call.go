// Calling a nil function value panics with a nil dereference.
package main

var f func(int) int

func call(g func(int) int) int {
	return g(1)
}

func main() {
	println("before")
	println(call(f))
}

// Output:
// before
// panic: runtime error: invalid memory address or nil pointer dereference
// [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]
//
// goroutine 1 [running]:
// main.call(...)
// 	func_nil_call.go:7
// main.main()
// 	func_nil_call.go:12
// Exit: 2
