// Go twin of tests/bench/sched.c: the same loops over the scheduler,
// printed as `BENCH <row> <unit> <value>`.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

func report(name, unit string, v float64) {
	fmt.Printf("BENCH %s %s %.2f\n", name, unit, v)
}

// spawn_exit_join: n goroutines each decrement a counter and exit; the
// last one closes the channel main waits on.
func spawnExitJoin(n int) {
	done := make(chan struct{})
	left := int64(n)
	start := time.Now()
	for i := 0; i < n; i++ {
		go func() {
			if atomic.AddInt64(&left, -1) == 0 {
				close(done)
			}
		}()
	}
	<-done
	report("spawn_exit_join", "ns/op", float64(time.Since(start).Nanoseconds())/float64(n))
}

// gosched_pingpong: GOMAXPROCS=1, two goroutines each yielding n times;
// ns per round trip.
func goschedPingpong(n int) {
	prev := runtime.GOMAXPROCS(1)
	var wg sync.WaitGroup
	wg.Add(2)
	start := time.Now()
	for k := 0; k < 2; k++ {
		go func() {
			for i := 0; i < n; i++ {
				runtime.Gosched()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	report("gosched_pingpong", "ns/op", float64(time.Since(start).Nanoseconds())/float64(n))
	runtime.GOMAXPROCS(prev)
}

// sleep0_timer_churn: 4 goroutines each sleeping 1 µs in a loop.
func sleepChurn(n int) {
	const g = 4
	var wg sync.WaitGroup
	wg.Add(g)
	start := time.Now()
	for k := 0; k < g; k++ {
		go func() {
			for i := 0; i < n/g; i++ {
				time.Sleep(time.Microsecond)
			}
			wg.Done()
		}()
	}
	wg.Wait()
	report("sleep0_timer_churn", "ns/op", float64(time.Since(start).Nanoseconds())/float64(n/g*g))
}

const chunks = 8

var sums [chunks]uint64

// work: a dependent chain of multiply/xor/shift steps, as in the C side.
func work(seed uint64, iters int) uint64 {
	x := seed | 1
	for i := 0; i < iters; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		x *= 0x9E3779B97F4A7C15
	}
	return x
}

func timeJob(procs, iters int) time.Duration {
	prev := runtime.GOMAXPROCS(procs)
	var wg sync.WaitGroup
	wg.Add(chunks)
	start := time.Now()
	for k := 0; k < chunks; k++ {
		go func(k int) {
			sums[k] = work(2*uint64(k)+1, iters/chunks)
			wg.Done()
		}(k)
	}
	wg.Wait()
	t := time.Since(start)
	runtime.GOMAXPROCS(prev)
	return t
}

// parallel_speedup_2p: time on 1 P / time on 2 Ps, best of 3 each.
func parallelSpeedup(iters int) {
	best1, best2 := time.Duration(1<<62), time.Duration(1<<62)
	for r := 0; r < 3; r++ {
		if t := timeJob(1, iters); t < best1 {
			best1 = t
		}
		if t := timeJob(2, iters); t < best2 {
			best2 = t
		}
	}
	var x uint64
	for _, s := range sums {
		x += s
	}
	fmt.Fprintf(os.Stderr, "parallel: 1 P %.1f ms, 2 P %.1f ms (checksum %x)\n",
		float64(best1.Nanoseconds())/1e6, float64(best2.Nanoseconds())/1e6, x)
	report("parallel_speedup_2p", "x", float64(best1)/float64(best2))
}

func main() {
	runtime.GOMAXPROCS(2)
	spawnExitJoin(1000000)
	goschedPingpong(2000000)
	sleepChurn(20000)
	parallelSpeedup(400000000)
}
