// Go: differs: calls C through //gort:extern (Go needs cgo for this)
// C pointers (to C memory) in Go pointer variables across collections.
package main

import (
	"fmt"
	"runtime"
)

//gort:extern libgortffitest.so ft_greet
func greet() *byte

//gort:extern libc.so.6 malloc
func malloc(n uint64) *int64

func main() {
	p := greet()
	q := malloc(8)
	*q = 77
	var keep []*int64
	for i := 0; i < 100000; i++ {
		keep = append(keep, new(int64))
		if i%10000 == 0 {
			runtime.GC()
		}
	}
	runtime.GC()
	fmt.Println(*p, *q, len(keep))
}

// Output:
// 104 77 100000
