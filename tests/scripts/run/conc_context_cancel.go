// context.WithCancel: workers stop when the context is canceled; Err
// tells why, and canceling twice is harmless.
package main

import (
	"context"
	"fmt"
	"sync"
)

func worker(ctx context.Context, id int, jobs chan int, wg *sync.WaitGroup, out chan string) {
	n := 0
	for {
		select {
		case <-ctx.Done():
			out <- fmt.Sprint("worker ", id, " stopped: ", ctx.Err())
			wg.Done()
			return
		case <-jobs:
			n++
		}
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	fmt.Println(ctx.Err())
	jobs := make(chan int)
	out := make(chan string, 3)
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go worker(ctx, i, jobs, &wg, out)
	}
	for j := 0; j < 30; j++ {
		jobs <- j
	}
	cancel()
	cancel()
	wg.Wait()
	close(out)
	n := 0
	for s := range out {
		n++
		_ = s
	}
	fmt.Println("stopped workers:", n, ctx.Err(), ctx.Err() == context.Canceled)
}

// Output:
// <nil>
// stopped workers: 3 context canceled true
