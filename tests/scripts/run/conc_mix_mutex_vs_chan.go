// The same counter guarded two ways: a Mutex, and a goroutine that owns
// the count and serves requests on channels.
package main

import (
	"fmt"
	"sync"
)

type mutexCounter struct {
	mu sync.Mutex
	n  int
}

func (c *mutexCounter) inc() { c.mu.Lock(); c.n++; c.mu.Unlock() }

type chanCounter struct {
	incs  chan bool
	reads chan chan int
}

func newChanCounter() *chanCounter {
	c := &chanCounter{make(chan bool), make(chan chan int)}
	go func() {
		n := 0
		for {
			select {
			case <-c.incs:
				n++
			case r := <-c.reads:
				r <- n
			}
		}
	}()
	return c
}

func main() {
	var wg sync.WaitGroup
	mc := &mutexCounter{}
	cc := newChanCounter()
	for g := 0; g < 10; g++ {
		wg.Add(2)
		go func() {
			for i := 0; i < 300; i++ {
				mc.inc()
			}
			wg.Done()
		}()
		go func() {
			for i := 0; i < 300; i++ {
				cc.incs <- true
			}
			wg.Done()
		}()
	}
	wg.Wait()
	r := make(chan int)
	cc.reads <- r
	fmt.Println("mutex:", mc.n, "channel:", <-r)
}

// Output:
// mutex: 3000 channel: 3000
