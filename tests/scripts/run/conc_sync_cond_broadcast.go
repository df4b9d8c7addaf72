// sync.Cond: waiters sleep until a Broadcast; a Signal wakes one.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	var wg sync.WaitGroup
	woke := 0
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			mu.Lock()
			for !ready {
				c.Wait()
			}
			woke++
			mu.Unlock()
			wg.Done()
		}()
	}
	mu.Lock()
	ready = true
	c.Broadcast()
	mu.Unlock()
	wg.Wait()
	fmt.Println("woke:", woke)

	// a queue with Signal
	queue := []int{}
	done := make(chan int)
	go func() {
		sum := 0
		for k := 0; k < 5; k++ {
			mu.Lock()
			for len(queue) == 0 {
				c.Wait()
			}
			sum += queue[0]
			queue = queue[1:]
			mu.Unlock()
		}
		done <- sum
	}()
	for k := 1; k <= 5; k++ {
		mu.Lock()
		queue = append(queue, k*10)
		c.Signal()
		mu.Unlock()
	}
	fmt.Println("sum:", <-done)
}

// Output:
// woke: 10
// sum: 150
