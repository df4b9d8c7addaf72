// A buffered channel as a semaphore bounding concurrency to 3, checked
// with atomics; a Mutex-protected slice of results.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	sem := make(chan bool, 3)
	var running, peak int32
	var mu sync.Mutex
	var wg sync.WaitGroup
	var done []int
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func(i int) {
			sem <- true
			r := atomic.AddInt32(&running, 1)
			for {
				p := atomic.LoadInt32(&peak)
				if r <= p || atomic.CompareAndSwapInt32(&peak, p, r) {
					break
				}
			}
			time.Sleep(5 * time.Millisecond)
			mu.Lock()
			done = append(done, i)
			mu.Unlock()
			atomic.AddInt32(&running, -1)
			<-sem
			wg.Done()
		}(i)
	}
	wg.Wait()
	sortInts(done)
	fmt.Println(done, "peak <= 3:", peak <= 3)
}

// sortInts: an insertion sort (the test does not depend on package sort)
func sortInts(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Output:
// [0 1 2 3 4 5 6 7 8 9 10 11] peak <= 3: true
