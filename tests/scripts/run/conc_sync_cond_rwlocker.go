// A Cond whose Locker is a script type (a counting lock around a Mutex):
// Wait calls its Unlock and Lock.
package main

import (
	"fmt"
	"sync"
)

type countingLock struct {
	mu            sync.Mutex
	locks, unlock int
}

func (l *countingLock) Lock()   { l.mu.Lock(); l.locks++ }
func (l *countingLock) Unlock() { l.unlock++; l.mu.Unlock() }

func main() {
	l := &countingLock{}
	c := sync.NewCond(l)
	n := 0
	done := make(chan bool)
	go func() {
		l.Lock()
		for n < 3 {
			c.Wait()
		}
		l.Unlock()
		done <- true
	}()
	for i := 0; i < 3; i++ {
		l.Lock()
		n++
		c.Broadcast()
		l.Unlock()
	}
	<-done
	fmt.Println("n =", n, "balanced:", l.locks == l.unlock)
	var zero sync.Cond
	zero.L = &sync.Mutex{}
	zero.Signal()
	zero.Broadcast()
	fmt.Println("zero Cond with L set works")
}

// Output:
// n = 3 balanced: true
// zero Cond with L set works
