// sync.RWMutex: many readers share the lock, writers exclude them; the
// readers never see a half-done update.
package main

import (
	"fmt"
	"sync"
)

type store struct {
	rw   sync.RWMutex
	a, b int
}

func main() {
	var s store
	var wg sync.WaitGroup
	bad := 0
	var badmu sync.Mutex
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			for i := 0; i < 500; i++ {
				s.rw.Lock()
				s.a++
				s.b--
				s.rw.Unlock()
			}
			wg.Done()
		}()
	}
	for r := 0; r < 8; r++ {
		wg.Add(1)
		go func() {
			for i := 0; i < 500; i++ {
				s.rw.RLock()
				if s.a+s.b != 0 {
					badmu.Lock()
					bad++
					badmu.Unlock()
				}
				s.rw.RUnlock()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Println(s.a, s.b, "torn reads:", bad)
}

// Output:
// 2000 -2000 torn reads: 0
