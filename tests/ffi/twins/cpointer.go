package main

import (
	"fmt"
	"runtime"
)

func greet() *byte { b := []byte("hello from C"); return &b[0] }

func malloc(n uint64) *int64 { return new(int64) }

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
