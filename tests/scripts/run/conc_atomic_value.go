// atomic.Value: a config swapped by a writer while readers Load it;
// readers see whole values only.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type config struct {
	version int
	name    string
}

func main() {
	var v atomic.Value
	fmt.Println(v.Load())
	v.Store(config{0, "v0"})
	var wg sync.WaitGroup
	bad := int32(0)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			for i := 0; i < 1000; i++ {
				c := v.Load().(config)
				if c.name != fmt.Sprint("v", c.version) {
					atomic.AddInt32(&bad, 1)
				}
			}
			wg.Done()
		}()
	}
	for i := 1; i <= 100; i++ {
		v.Store(config{i, fmt.Sprint("v", i)})
	}
	wg.Wait()
	fmt.Println(v.Load(), "bad:", bad)
	old := v.Swap(config{7, "v7"})
	fmt.Println(old, v.Load())
	fmt.Println(v.CompareAndSwap(config{7, "v7"}, config{8, "v8"}), v.CompareAndSwap(config{7, "v7"}, config{9, "v9"}), v.Load())
	var s atomic.Value
	fmt.Println(s.CompareAndSwap(nil, "first"), s.Load())
}

// Output:
// <nil>
// {100 v100} bad: 0
// {100 v100} {7 v7}
// true false {8 v8}
// true first
