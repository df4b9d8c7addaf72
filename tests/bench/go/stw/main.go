// Twin of tests/bench/stw.c: runtime.GC() while one goroutine spins in a
// tight loop that calls nothing (Go preempts it asynchronously).
package main

import (
	"fmt"
	"runtime"
	"sort"
	"sync/atomic"
	"time"
)

const ngc = 30

var stop, spinning int32

func spinner() {
	end := time.Now().Add(20 * time.Second)
	n := uint64(0)
	atomic.StoreInt32(&spinning, 1)
	for atomic.LoadInt32(&stop) == 0 {
		n++
		if n&(1<<22-1) == 0 && time.Now().After(end) {
			break
		}
	}
	atomic.StoreInt32(&spinning, 0)
}

func timegc(p50, max string) {
	t := make([]time.Duration, ngc)
	for i := range t {
		t0 := time.Now()
		runtime.GC()
		t[i] = time.Since(t0)
	}
	sort.Slice(t, func(i, j int) bool { return t[i] < t[j] })
	fmt.Printf("BENCH %s us %.1f\n", p50, float64(t[ngc/2].Nanoseconds())/1e3)
	if max != "" {
		fmt.Printf("BENCH %s us %.1f\n", max, float64(t[ngc-1].Nanoseconds())/1e3)
	}
}

func main() {
	runtime.GOMAXPROCS(2)
	timegc("gc_idle_p50_us", "")
	go spinner()
	for atomic.LoadInt32(&spinning) == 0 {
		time.Sleep(time.Millisecond)
	}
	timegc("gc_spinner_p50_us", "gc_spinner_max_us")
	atomic.StoreInt32(&stop, 1)
	for atomic.LoadInt32(&spinning) != 0 {
		time.Sleep(time.Millisecond)
	}
}
