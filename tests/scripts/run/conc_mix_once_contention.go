// sync.Once guarding lazy initialisation read by many goroutines, plus a
// Once per key in a map guarded by a Mutex.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type lazy struct {
	once  sync.Once
	value int
}

var inits int32

func (l *lazy) get(k int) int {
	l.once.Do(func() {
		atomic.AddInt32(&inits, 1)
		l.value = k * k
	})
	return l.value
}

func main() {
	var mu sync.Mutex
	table := map[int]*lazy{}
	var wg sync.WaitGroup
	sums := make([]int, 20)
	for g := 0; g < 20; g++ {
		wg.Add(1)
		go func(g int) {
			for k := 0; k < 10; k++ {
				mu.Lock()
				l := table[k]
				if l == nil {
					l = &lazy{}
					table[k] = l
				}
				mu.Unlock()
				sums[g] += l.get(k)
			}
			wg.Done()
		}(g)
	}
	wg.Wait()
	fmt.Println("inits:", atomic.LoadInt32(&inits), "sums equal:", sums[0] == sums[19], sums[0])
}

// Output:
// inits: 10 sums equal: true 285
