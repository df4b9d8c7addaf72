// RWMutex.RLocker: a Locker whose Lock and Unlock take the read lock;
// readers waiting on a Cond built on it, and a writer excluded meanwhile.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var rw sync.RWMutex
	rl := rw.RLocker()
	rl.Lock()
	rl.Lock() // two readers at once
	fmt.Println("writer can lock while read-locked:", rw.TryLock())
	rl.Unlock()
	rl.Unlock()
	fmt.Println("writer can lock after the readers left:", rw.TryLock())
	rw.Unlock()

	c := sync.NewCond(rw.RLocker())
	ready := false
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			c.L.Lock()
			for !ready {
				c.Wait()
			}
			c.L.Unlock()
			wg.Done()
		}()
	}
	rw.Lock()
	ready = true
	rw.Unlock()
	c.Broadcast()
	wg.Wait()
	fmt.Println("all readers woke")
}

// Output:
// writer can lock while read-locked: false
// writer can lock after the readers left: true
// all readers woke
