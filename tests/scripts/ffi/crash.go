// Go: differs: a fault in C called through the FFI (cgo's is the same kind of dump)
package main

import "fmt"

//gort:extern libgortffitest.so ft_deref
func deref(p uintptr) int32

func reader(addr uintptr) int32 {
	return deref(addr)
}

func main() {
	fmt.Println("before")
	fmt.Println(reader(8))
}

// Output:
// before
// fatal error: unexpected signal during runtime execution
// [signal SIGSEGV: segmentation violation code=0x1 addr=0x8 pc=PC]
//
// goroutine 1 [running]:
// main.reader(...)
// 	crash.go:10
// main.main()
// 	crash.go:15
// Exit: 2
