// A promoted field through a nil embedded pointer panics.
package main

type Inner struct {
	V int
}

type Outer struct {
	*Inner
	Name string
}

func main() {
	o := Outer{Name: "x"}
	println(o.Name, o.Inner == nil)
	o.Inner = &Inner{3}
	println(o.V)
	o.Inner = nil
	println(o.V)
}

// Output:
// x true
// 3
// panic: runtime error: invalid memory address or nil pointer dereference
// [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]
//
// goroutine 1 [running]:
// main.main()
// 	data_embedded_nil.go:19
// Exit: 2
