// Bank transfers between accounts, each with its own Mutex taken in a
// fixed order; the total never changes, checked under all locks.
package main

import (
	"fmt"
	"sync"
)

type account struct {
	mu  sync.Mutex
	id  int
	bal int
}

func transfer(from, to *account, amt int) bool {
	a, b := from, to
	if a.id > b.id {
		a, b = b, a
	}
	a.mu.Lock()
	b.mu.Lock()
	ok := from.bal >= amt
	if ok {
		from.bal -= amt
		to.bal += amt
	}
	b.mu.Unlock()
	a.mu.Unlock()
	return ok
}

func total(accts []*account) int {
	for _, a := range accts {
		a.mu.Lock()
	}
	t := 0
	for _, a := range accts {
		t += a.bal
	}
	for _, a := range accts {
		a.mu.Unlock()
	}
	return t
}

func main() {
	accts := make([]*account, 10)
	for i := range accts {
		accts[i] = &account{id: i, bal: 1000}
	}
	var wg sync.WaitGroup
	bad := 0
	var bmu sync.Mutex
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			seed := uint32(g*7919 + 1)
			for i := 0; i < 2000; i++ {
				seed = seed*1664525 + 1013904223
				f := int(seed>>8) % 10
				t := int(seed>>16) % 10
				if f != t {
					transfer(accts[f], accts[t], int(seed>>24)%50)
				}
				if i%500 == 0 && total(accts) != 10000 {
					bmu.Lock()
					bad++
					bmu.Unlock()
				}
			}
			wg.Done()
		}(g)
	}
	wg.Wait()
	fmt.Println("total:", total(accts), "bad snapshots:", bad)
}

// Output:
// total: 10000 bad snapshots: 0
