// Spawning 1M goroutines that each take a sync.Mutex to bump a counter
// and signal a sync.WaitGroup; the program times itself.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	const n = 1000000
	var mu sync.Mutex
	var wg sync.WaitGroup
	count := 0
	t0 := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			mu.Lock()
			count++
			mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait()
	el := time.Since(t0)
	if count != n {
		panic("spawn: wrong count")
	}
	fmt.Printf("BENCH vm_spawn_1m_wg_mutex ms %.1f\n", float64(el)/1e6)
}
