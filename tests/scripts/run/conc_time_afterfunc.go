// time.AfterFunc runs its function on its own goroutine after the delay;
// Stop before that cancels it.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	order := []string{}
	for _, name := range []string{"third", "first", "second"} {
		d := map[string]time.Duration{"first": 10, "second": 60, "third": 110}[name] * time.Millisecond
		wg.Add(1)
		name := name
		time.AfterFunc(d, func() {
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			wg.Done()
		})
	}
	cancelled := time.AfterFunc(20*time.Millisecond, func() { fmt.Println("must not run") })
	fmt.Println("stopped:", cancelled.Stop())
	wg.Wait()
	fmt.Println(order)
	done := make(chan bool)
	t := time.AfterFunc(time.Hour, func() { done <- true })
	t.Reset(time.Millisecond)
	fmt.Println("reset fired:", <-done)
	time.Sleep(40 * time.Millisecond)
}

// Output:
// stopped: true
// [first second third]
// reset fired: true
