// Dereferencing a nil pointer panics with Go's message.
package main

func get(p *int) int {
	return *p
}

func main() {
	x := 3
	println(get(&x))
	var p *int
	println(get(p))
}

// Output:
// 3
// panic: runtime error: invalid memory address or nil pointer dereference
// [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]
//
// goroutine 1 [running]:
// main.get(...)
// 	data_nil_deref.go:5
// main.main()
// 	data_nil_deref.go:12
// Exit: 2
