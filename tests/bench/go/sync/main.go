// Go twin of tests/bench/sync.c: the same loops over sync, time and context,
// printed as `BENCH <row> ns/op <value>`.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

func report(name string, start time.Time, ops int) {
	ns := float64(time.Since(start).Nanoseconds()) / float64(ops)
	fmt.Printf("BENCH %s ns/op %.2f\n", name, ns)
}

func mutexUncontended(n int) {
	var mu sync.Mutex
	start := time.Now()
	for i := 0; i < n; i++ {
		mu.Lock()
		mu.Unlock()
	}
	report("mutex_uncontended", start, n)
}

var shared int

func mutexContended(name string, g, n int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	per := n / g
	start := time.Now()
	for k := 0; k < g; k++ {
		wg.Add(1)
		go func() {
			for i := 0; i < per; i++ {
				mu.Lock()
				shared++
				mu.Unlock()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	report(name, start, per*g)
}

func rwmutexReadMostly(g, n int) {
	var rw sync.RWMutex
	var wg sync.WaitGroup
	per := n / g
	start := time.Now()
	for k := 0; k < g; k++ {
		wg.Add(1)
		go func() {
			local := 0
			for i := 0; i < per; i++ {
				if i%100 == 0 {
					rw.Lock()
					shared++
					rw.Unlock()
				} else {
					rw.RLock()
					local += shared
					rw.RUnlock()
				}
			}
			_ = local
			wg.Done()
		}()
	}
	wg.Wait()
	report("rwmutex_read_mostly", start, per*g)
}

func waitgroupAddDone(g, n int) {
	var wg, done sync.WaitGroup
	per := n / g
	start := time.Now()
	for k := 0; k < g; k++ {
		done.Add(1)
		go func() {
			for i := 0; i < per; i++ {
				wg.Add(1)
				wg.Done()
			}
			done.Done()
		}()
	}
	done.Wait()
	report("waitgroup_add_done", start, per*g)
}

func syncmapLoad(g, n int) {
	var m sync.Map
	const keys = 1024
	for k := 0; k < keys; k++ {
		m.Store(k, k)
	}
	for k := 0; k < keys; k++ { // promote dirty to read
		m.Load(k)
	}
	var wg sync.WaitGroup
	per := n / g
	start := time.Now()
	for k := 0; k < g; k++ {
		wg.Add(1)
		go func(k int) {
			hits := 0
			for i := 0; i < per; i++ {
				if _, ok := m.Load((i + k) & (keys - 1)); ok {
					hits++
				}
			}
			if hits != per {
				panic("missing key")
			}
			wg.Done()
		}(k)
	}
	wg.Wait()
	report("syncmap_load_read_mostly", start, per*g)
}

func timerCreateStop(n int) {
	start := time.Now()
	for i := 0; i < n; i++ {
		t := time.NewTimer(time.Second)
		t.Stop()
	}
	report("timer_create_stop", start, n)
}

func contextWithCancel(n int) {
	parent, cancelParent := context.WithCancel(context.Background())
	defer cancelParent()
	start := time.Now()
	for i := 0; i < n; i++ {
		_, cancel := context.WithCancel(parent)
		cancel()
	}
	report("context_withcancel_cancel", start, n)
}

func main() {
	mutexUncontended(20000000)
	mutexContended("mutex_contended_2", 2, 4000000)
	mutexContended("mutex_contended_8", 8, 4000000)
	rwmutexReadMostly(4, 8000000)
	waitgroupAddDone(2, 4000000)
	syncmapLoad(2, 20000000)
	timerCreateStop(2000000)
	contextWithCancel(2000000)
}
