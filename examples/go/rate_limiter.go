// rate_limiter: requests are served no faster than one per tick of a
// time.Ticker; a token bucket (a buffered channel refilled by another
// ticker) allows short bursts. The elapsed time is checked against the
// rate, never printed, so the output is the same on every run.
//
//	scripts/run rate_limiter.go
package main

import (
	"fmt"
	"time"
)

func main() {
	const interval = 40 * time.Millisecond
	requests := make(chan int, 5)
	for i := 1; i <= 5; i++ {
		requests <- i
	}
	close(requests)

	limiter := time.NewTicker(interval)
	start := time.Now()
	for r := range requests {
		<-limiter.C // wait for the next tick
		fmt.Println("request", r, "served")
	}
	limiter.Stop()
	fmt.Println("5 requests took at least 5 ticks:", time.Since(start) >= 5*interval-interval/4)

	// A bucket of 3 tokens: the first three requests go at once, the
	// rest wait for the refill.
	bucket := make(chan struct{}, 3)
	for i := 0; i < 3; i++ {
		bucket <- struct{}{}
	}
	stop := make(chan bool)
	go func() {
		refill := time.NewTicker(interval)
		for {
			select {
			case <-refill.C:
				select {
				case bucket <- struct{}{}:
				default: // full: the token is dropped
				}
			case <-stop:
				refill.Stop()
				stop <- true
				return
			}
		}
	}()
	start = time.Now()
	burst := 0
	for i := 1; i <= 6; i++ {
		<-bucket
		if time.Since(start) < interval/2 {
			burst++
		}
	}
	stop <- true
	<-stop
	fmt.Println("served 6 requests,", burst, "of them in the first burst")
}

// Output:
// request 1 served
// request 2 served
// request 3 served
// request 4 served
// request 5 served
// 5 requests took at least 5 ticks: true
// served 6 requests, 3 of them in the first burst
