// bank: many goroutines move money between accounts at random. Each
// account has its own sync.Mutex; a transfer locks both accounts in a
// fixed order (by id), so two opposite transfers cannot deadlock. An
// auditor locks every account (in the same order) and checks the
// invariants while transfers run: the total never changes and no
// balance goes negative. A sync/atomic counter tallies the transfers.
//
//	scripts/run bank.go
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type account struct {
	id      int
	mu      sync.Mutex
	balance int
}

type bank struct {
	accounts []*account
	moved    atomic.Int64 // transfers done
	refused  atomic.Int64 // insufficient funds
}

func (b *bank) transfer(from, to, amount int) {
	a, c := b.accounts[from], b.accounts[to]
	first, second := a, c
	if first.id > second.id {
		first, second = second, first
	}
	first.mu.Lock()
	second.mu.Lock()
	if a.balance >= amount {
		a.balance -= amount
		c.balance += amount
		b.moved.Add(1)
	} else {
		b.refused.Add(1)
	}
	second.mu.Unlock()
	first.mu.Unlock()
}

// audit returns the total and whether every balance is non-negative.
func (b *bank) audit() (int, bool) {
	for _, a := range b.accounts {
		a.mu.Lock()
	}
	total, ok := 0, true
	for _, a := range b.accounts {
		total += a.balance
		ok = ok && a.balance >= 0
	}
	for i := len(b.accounts) - 1; i >= 0; i-- {
		b.accounts[i].mu.Unlock()
	}
	return total, ok
}

func main() {
	const naccounts, start, tellers, each = 8, 1000, 6, 5000
	b := &bank{}
	for i := 0; i < naccounts; i++ {
		b.accounts = append(b.accounts, &account{id: i, balance: start})
	}
	var wg sync.WaitGroup
	for t := 0; t < tellers; t++ {
		wg.Add(1)
		go func(t int) {
			seed := uint32(t*7919 + 17)
			for i := 0; i < each; i++ {
				seed = seed*1664525 + 1013904223
				from, to := int(seed>>8)%naccounts, int(seed>>16)%naccounts
				if from != to {
					b.transfer(from, to, int(seed>>24)%200)
				} else {
					b.refused.Add(1) // counted so the tally adds up
				}
			}
			wg.Done()
		}(t)
	}
	audits, broken := 0, 0
	done := make(chan bool)
	go func() {
		wg.Wait()
		done <- true
	}()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			total, ok := b.audit()
			audits++
			if total != naccounts*start || !ok {
				broken++
			}
		}
	}
	total, ok := b.audit()
	fmt.Println("transfers attempted:", b.moved.Load()+b.refused.Load())
	fmt.Printf("total money: %d (started with %d), no negative balance: %v\n", total, naccounts*start, ok)
	fmt.Println("audits ran during the transfers:", audits > 0, "- found a broken invariant:", broken)
}

// Output:
// transfers attempted: 30000
// total money: 8000 (started with 8000), no negative balance: true
// audits ran during the transfers: true - found a broken invariant: 0
