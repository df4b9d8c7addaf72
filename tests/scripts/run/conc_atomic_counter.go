// An atomic counter incremented by 64 goroutines, and a CAS loop that
// computes a running maximum.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var hits int64
	var max int32
	var wg sync.WaitGroup
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			for i := 0; i < 500; i++ {
				atomic.AddInt64(&hits, 1)
			}
			v := int32(g * 3 % 101)
			for {
				old := atomic.LoadInt32(&max)
				if v <= old || atomic.CompareAndSwapInt32(&max, old, v) {
					break
				}
			}
			wg.Done()
		}(g)
	}
	wg.Wait()
	fmt.Println("hits:", atomic.LoadInt64(&hits), "max:", atomic.LoadInt32(&max))
}

// Output:
// hits: 32000 max: 99
