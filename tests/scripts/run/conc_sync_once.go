// sync.Once under contention: 50 goroutines call Do, the function runs
// exactly once, and every Do returns only after it finished.
package main

import (
	"fmt"
	"sync"
)

var (
	once   sync.Once
	config map[string]int
	calls  int
)

func load() {
	calls++
	config = map[string]int{"workers": 4, "retries": 3}
}

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := 0
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			once.Do(load)
			mu.Lock()
			if config["workers"] == 4 {
				seen++
			}
			mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Println("calls:", calls, "saw config:", seen)
	once.Do(func() { fmt.Println("never") })
	var o2 sync.Once
	for i := 0; i < 3; i++ {
		o2.Do(func() { fmt.Println("closure once", i) })
	}
}

// Output:
// calls: 1 saw config: 50
// closure once 0
