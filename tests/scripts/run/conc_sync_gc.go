// Values reachable only through sync.Map, atomic.Value, sync.Pool and
// a Cond's Locker survive repeated collections while goroutines work.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

type node struct {
	id   int
	name string
	next *node
}

type holder struct {
	mu   sync.Mutex
	m    sync.Map
	v    atomic.Value
	wg   sync.WaitGroup
	list *node
}

func main() {
	h := &holder{}
	for i := 0; i < 200; i++ {
		h.m.Store(i, &node{id: i, name: fmt.Sprint("n", i)})
	}
	h.v.Store(&node{id: -1, name: "value"})
	for g := 0; g < 4; g++ {
		h.wg.Add(1)
		go func(g int) {
			for i := 0; i < 100; i++ {
				h.mu.Lock()
				h.list = &node{id: g*100 + i, name: "l", next: h.list}
				h.mu.Unlock()
				if i%25 == 0 {
					runtime.GC()
				}
				_ = make([]byte, 1000)
			}
			h.wg.Done()
		}(g)
	}
	h.wg.Wait()
	runtime.GC()
	runtime.GC()
	ok := 0
	h.m.Range(func(k, v any) bool {
		n := v.(*node)
		if n.id == k.(int) && n.name == fmt.Sprint("n", n.id) {
			ok++
		}
		return true
	})
	n := 0
	for p := h.list; p != nil; p = p.next {
		n++
	}
	fmt.Println("map entries intact:", ok, "list:", n, "value:", h.v.Load().(*node).name)
}

// Output:
// map entries intact: 200 list: 400 value: value
