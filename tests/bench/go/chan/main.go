// Go twin of tests/bench/chan.c: the same rows, measured the same way
// (median of 5 runs of at least ~50 ms, after a warm-up run).
package main

import (
	"fmt"
	"runtime"
	"sort"
	"time"
)

type benchfn func(n int) time.Duration

func measure(fn benchfn) float64 {
	n := 1000
	for fn(n) < 50*time.Millisecond {
		n *= 2
	}
	var r [5]float64
	for i := range r {
		r[i] = float64(fn(n).Nanoseconds()) / float64(n)
	}
	sort.Float64s(r[:])
	return r[2]
}

func pingpongWith(n int, selectHelper bool) time.Duration {
	ping := make(chan int64)
	pong := make(chan int64)
	never := make(chan int64)
	if selectHelper {
		go func() {
			for {
				select {
				case v, ok := <-ping:
					if !ok {
						return
					}
					pong <- v
				case <-never:
				}
			}
		}()
	} else {
		go func() {
			for v := range ping {
				pong <- v
			}
		}()
	}
	t0 := time.Now()
	for i := int64(0); i < int64(n); i++ {
		ping <- i
		if r := <-pong; r != i {
			panic("bad value")
		}
	}
	d := time.Since(t0)
	close(ping)
	return d
}

func pingpong(n int) time.Duration       { return pingpongWith(n, false) }
func pingpongSelect(n int) time.Duration { return pingpongWith(n, true) }

func buffered(n int) time.Duration {
	c := make(chan int64, 128)
	t0 := time.Now()
	go func() {
		for i := int64(0); i < int64(n); i++ {
			c <- i
		}
		close(c)
	}()
	var sum int64
	for v := range c {
		sum += v
	}
	d := time.Since(t0)
	if sum != int64(n)*int64(n-1)/2 {
		panic("bad sum")
	}
	return d
}

func select2(n int) time.Duration {
	c1 := make(chan int64, 1)
	c2 := make(chan int64, 1)
	c1 <- 0
	t0 := time.Now()
	for i := 0; i < n; i++ {
		select {
		case <-c1:
			c2 <- 0
		case <-c2:
			c1 <- 0
		}
	}
	return time.Since(t0)
}

func selectDefault(n int) time.Duration {
	c1 := make(chan int64)
	c2 := make(chan int64)
	hits := 0
	t0 := time.Now()
	for i := 0; i < n; i++ {
		select {
		case <-c1:
			hits++
		case <-c2:
			hits++
		default:
		}
	}
	d := time.Since(t0)
	if hits != 0 {
		panic("hit")
	}
	return d
}

func tryrecv(n int) time.Duration {
	c := make(chan int64)
	hits := 0
	t0 := time.Now()
	for i := 0; i < n; i++ {
		select {
		case <-c:
			hits++
		default:
		}
	}
	d := time.Since(t0)
	if hits != 0 {
		panic("hit")
	}
	return d
}

func row(name, unit string, fn benchfn, procs int) {
	runtime.GOMAXPROCS(procs)
	fn(1000)
	fmt.Printf("BENCH %s %s %.1f\n", name, unit, measure(fn))
}

func main() {
	row("chan_pingpong_unbuffered_p1", "ns/op", pingpong, 1)
	row("chan_pingpong_unbuffered_p2", "ns/op", pingpong, 2)
	row("chan_buffered_throughput", "ns/op", buffered, 2)
	row("select_2case", "ns/op", select2, 2)
	row("select_2case_blocking", "ns/op", pingpongSelect, 2)
	row("select_nonblocking_default", "ns/op", selectDefault, 2)
	row("chan_tryrecv_empty", "ns/op", tryrecv, 2)
}
