// A zero sync.Mutex as a struct field, in a heap-allocated struct and in
// a map of pointers; the struct's other fields survive collections while
// the goroutines contend.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

type Account struct {
	name    string
	mu      sync.Mutex
	balance int
	history []int
}

func (a *Account) Deposit(n int) {
	a.mu.Lock()
	a.balance += n
	a.history = append(a.history, n)
	a.mu.Unlock()
}

func main() {
	accts := map[string]*Account{}
	for _, n := range []string{"alice", "bob", "carol"} {
		accts[n] = &Account{name: n}
	}
	var wg sync.WaitGroup
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func(i int) {
			for j := 0; j < 50; j++ {
				for _, n := range []string{"alice", "bob", "carol"} {
					accts[n].Deposit(i + 1)
				}
				if j%10 == 0 {
					runtime.GC()
				}
			}
			wg.Done()
		}(i)
	}
	wg.Wait()
	for _, n := range []string{"alice", "bob", "carol"} {
		a := accts[n]
		fmt.Println(a.name, a.balance, len(a.history))
	}
}

// Output:
// alice 23250 1500
// bob 23250 1500
// carol 23250 1500
