// mutex_vs_channels: the same bank of counters kept two ways. One is a
// map guarded by a sync.Mutex that every goroutine locks; the other is
// owned by a single goroutine that others talk to over channels ("share
// memory by communicating"). Both give the same totals.
//
//	scripts/run mutex_vs_channels.go
package main

import (
	"fmt"
	"sync"
)

// The mutex way.
type lockedCounts struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *lockedCounts) add(k string, n int) {
	c.mu.Lock()
	c.m[k] += n
	c.mu.Unlock()
}

// The channel way: one goroutine owns the map.
type op struct {
	key   string
	n     int
	reply chan map[string]int // non-nil: a request for a snapshot
}

func owner(ops chan op) {
	m := map[string]int{}
	for o := range ops {
		if o.reply != nil {
			snap := map[string]int{}
			for k, v := range m {
				snap[k] = v
			}
			o.reply <- snap
			continue
		}
		m[o.key] += o.n
	}
}

func main() {
	keys := []string{"apples", "pears", "plums"}
	locked := &lockedCounts{m: map[string]int{}}
	ops := make(chan op)
	go owner(ops)

	var wg sync.WaitGroup
	for g := 0; g < 20; g++ {
		wg.Add(1)
		go func(g int) {
			for i := 0; i < 100; i++ {
				k := keys[(g+i)%len(keys)]
				locked.add(k, i)
				ops <- op{key: k, n: i}
			}
			wg.Done()
		}(g)
	}
	wg.Wait()
	reply := make(chan map[string]int)
	ops <- op{reply: reply}
	owned := <-reply
	for _, k := range keys {
		fmt.Printf("%-6s mutex %6d  channel %6d\n", k, locked.m[k], owned[k])
	}
}

// Output:
// apples mutex  33033  channel  33033
// pears  mutex  33000  channel  33000
// plums  mutex  32967  channel  32967
