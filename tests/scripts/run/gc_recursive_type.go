// A recursive type linked through its pointer type first: the struct's
// pointer field must be scanned (a list reachable only from a heap
// struct survives collections).
package main

import (
	"fmt"
	"runtime"
)

type node struct {
	id   int
	next *node
}

type holder struct {
	pad  [3]int
	list *node
}

func main() {
	h := &holder{}
	for i := 0; i < 1000; i++ {
		h.list = &node{id: i, next: h.list}
	}
	runtime.GC()
	runtime.GC()
	for i := 0; i < 10000; i++ {
		_ = &node{id: -1}
	}
	n := 0
	for p := h.list; p != nil; p = p.next {
		if p.id >= 0 {
			n++
		}
	}
	fmt.Println(n)
}

// Output:
// 1000
