// A rate limiter: requests wait for a ticker's tick, so they are served
// in order and no faster than the ticks come.
package main

import (
	"fmt"
	"time"
)

func main() {
	requests := make(chan int, 5)
	for i := 1; i <= 5; i++ {
		requests <- i
	}
	close(requests)
	limiter := time.NewTicker(20 * time.Millisecond)
	start := time.Now()
	for r := range requests {
		<-limiter.C
		fmt.Println("request", r)
	}
	limiter.Stop()
	fmt.Println("took at least 100ms:", time.Since(start) >= 95*time.Millisecond)

	// bursty: a buffered channel of tokens refilled by a ticker
	tokens := make(chan bool, 3)
	for i := 0; i < 3; i++ {
		tokens <- true
	}
	stop := make(chan bool)
	go func() {
		tk := time.NewTicker(10 * time.Millisecond)
		for {
			select {
			case <-tk.C:
				select {
				case tokens <- true:
				default:
				}
			case <-stop:
				tk.Stop()
				return
			}
		}
	}()
	for i := 1; i <= 6; i++ {
		<-tokens
		fmt.Println("burst request", i)
	}
	stop <- true
}

// Output:
// request 1
// request 2
// request 3
// request 4
// request 5
// took at least 100ms: true
// burst request 1
// burst request 2
// burst request 3
// burst request 4
// burst request 5
// burst request 6
