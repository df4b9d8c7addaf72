// Writing a field through a nil pointer panics.
package main

type T struct {
	S string
}

func set(t *T) {
	t.S = "x"
}

func main() {
	set(&T{})
	println("ok")
	set(nil)
}

// Output:
// ok
// panic: runtime error: invalid memory address or nil pointer dereference
// [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]
//
// goroutine 1 [running]:
// main.set(...)
// 	data_nil_field_store.go:9
// main.main()
// 	data_nil_field_store.go:15
// Exit: 2
