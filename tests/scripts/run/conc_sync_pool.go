// sync.Pool: Get returns what Put left (on one goroutine, with no
// collection between), else calls New; a Pool without New gives nil.
package main

import (
	"fmt"
	"sync"
)

type buf struct{ data []byte }

func main() {
	made := 0
	p := sync.Pool{New: func() any {
		made++
		return &buf{data: make([]byte, 0, 64)}
	}}
	b := p.Get().(*buf)
	b.data = append(b.data, "hello"...)
	p.Put(b)
	b2 := p.Get().(*buf)
	fmt.Println(string(b2.data), made, b == b2)
	b3 := p.Get().(*buf)
	fmt.Println(len(b3.data), made)
	var empty sync.Pool
	fmt.Println(empty.Get())
	empty.Put("x")
	fmt.Println(empty.Get(), empty.Get())
}

// Output:
// hello 1 true
// 0 2
// <nil>
// x <nil>
