// Deferring a nil function value panics when the call runs, not at the
// defer statement.
package main

import "fmt"

func main() {
	var f func()
	defer f()
	fmt.Println("defer statement passed")
}

// Output:
// defer statement passed
// panic: runtime error: invalid memory address or nil pointer dereference
// [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]
//
// goroutine 1 [running]:
// main.main()
// 	defer_nil_func.go:11
// Exit: 2
