// Unbuffered ping-pong between two goroutines, 1M round trips; the
// program times itself (the same source runs as compiled Go in the
// twin, tests/bench/go/vm_conc).
package main

import (
	"fmt"
	"time"
)

func main() {
	const n = 1000000
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	t0 := time.Now()
	sum := 0
	for i := 0; i < n; i++ {
		ping <- i
		sum += <-pong
	}
	el := time.Since(t0)
	close(ping)
	if sum != n*(n+1)/2 {
		panic("pingpong: wrong sum")
	}
	fmt.Printf("BENCH vm_pingpong_1m ms %.1f\n", float64(el)/1e6)
}
