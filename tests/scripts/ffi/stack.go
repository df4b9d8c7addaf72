// Go: differs: calls C through //gort:extern (Go needs cgo for this)
package main

import "fmt"

//gort:extern libgortffitest.so ft_deep
func deep(kb int32) int64

func main() {
	// 4 MiB of C stack: more than a goroutine's stack; the call runs on
	// its thread's large FFI stack (docs/ffi.md, "Stacks")
	fmt.Println(deep(4096))
	done := make(chan int64)
	go func() { done <- deep(2048) }()
	fmt.Println(<-done)
}

// Output:
// 1044480
// 522240
