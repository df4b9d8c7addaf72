// Reading a field through a nil pointer panics.
package main

type T struct {
	A, B int
}

func main() {
	var t *T
	println(t == nil)
	println(t.B)
}

// Output:
// true
// panic: runtime error: invalid memory address or nil pointer dereference
// [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]
//
// goroutine 1 [running]:
// main.main()
// 	data_nil_field.go:11
// Exit: 2
