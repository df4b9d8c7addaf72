// The typed atomics of Go 1.19: Int32, Int64, Uint32, Uint64, Uintptr,
// Bool, as zero values and as struct fields.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type stats struct {
	requests atomic.Int64
	errors   atomic.Int32
	bytes    atomic.Uint64
	peak     atomic.Uint32
	closed   atomic.Bool
	id       atomic.Uintptr
}

func main() {
	var s stats
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			for i := 0; i < 100; i++ {
				s.requests.Add(1)
				s.bytes.Add(uint64(i))
				if i%10 == 0 {
					s.errors.Add(1)
				}
			}
			for {
				p := s.peak.Load()
				if uint32(g) <= p || s.peak.CompareAndSwap(p, uint32(g)) {
					break
				}
			}
			wg.Done()
		}(g)
	}
	wg.Wait()
	fmt.Println(s.requests.Load(), s.errors.Load(), s.bytes.Load(), s.peak.Load())
	fmt.Println(s.closed.Load(), s.closed.Swap(true), s.closed.Load())
	fmt.Println(s.closed.CompareAndSwap(false, true), s.closed.CompareAndSwap(true, false), s.closed.Load())
	s.closed.Store(true)
	fmt.Println(s.closed.Load())
	s.id.Store(42)
	fmt.Println(s.id.Add(8), s.id.Swap(1), s.id.Load())
	fmt.Println(s.requests.Swap(-1), s.requests.Load(), s.errors.Swap(5), s.bytes.Swap(0))
	fmt.Println(s.requests.CompareAndSwap(-1, 10), s.requests.Load())
	s.errors.Store(-3)
	s.peak.Store(4000000000)
	fmt.Println(s.errors.Load(), s.peak.Load(), s.peak.Add(300000000))
}

// Output:
// 1600 160 79200 15
// false false true
// false true false
// true
// 50 50 1
// 1600 -1 160 79200
// true 10
// -3 4000000000 5032704
