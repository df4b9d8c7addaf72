// sync.Locker: a *Mutex and a *RWMutex used through the interface.
package main

import (
	"fmt"
	"sync"
)

func withLock(l sync.Locker, f func()) {
	l.Lock()
	f()
	l.Unlock()
}

func main() {
	var mu sync.Mutex
	var rw sync.RWMutex
	n := 0
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(2)
		go func() { withLock(&mu, func() { n++ }); wg.Done() }()
		go func() { withLock(&rw, func() {}); wg.Done() }()
	}
	wg.Wait()
	var l sync.Locker = &mu
	l.Lock()
	fmt.Println(n, mu.TryLock())
	l.Unlock()
}

// Output:
// 20 false
