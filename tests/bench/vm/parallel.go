// A CPU-bound job split over 2 goroutines, run on 1 P and then on 2 Ps
// (runtime.GOMAXPROCS); prints both times and the speedup.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// work: an integer hash chain, no allocation, no shared memory.
func work(seed, n int) int {
	x := seed
	for i := 0; i < n; i++ {
		x = x*1103515245 + 12345
		x ^= x >> 13
	}
	return x
}

func run(procs int) time.Duration {
	prev := runtime.GOMAXPROCS(procs)
	var wg sync.WaitGroup
	res := make([]int, 2)
	t0 := time.Now()
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func(g int) {
			res[g] = work(g+1, 30000000)
			wg.Done()
		}(g)
	}
	wg.Wait()
	el := time.Since(t0)
	runtime.GOMAXPROCS(prev)
	if res[0] == res[1] {
		panic("parallel: same result")
	}
	return el
}

func main() {
	best1, best2 := time.Duration(1<<62), time.Duration(1<<62)
	for r := 0; r < 3; r++ {
		if d := run(1); d < best1 {
			best1 = d
		}
		if d := run(2); d < best2 {
			best2 = d
		}
	}
	fmt.Printf("BENCH vm_parallel_1p ms %.1f\n", float64(best1)/1e6)
	fmt.Printf("BENCH vm_parallel_2p ms %.1f\n", float64(best2)/1e6)
	fmt.Printf("BENCH vm_parallel_speedup x %.2f\n", float64(best1)/float64(best2))
}
