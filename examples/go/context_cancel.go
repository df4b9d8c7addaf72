// context_cancel: a tree of workers shares a context. The first worker
// to find the answer cancels the context; everyone else sees ctx.Done()
// close and stops. A second search runs under context.WithTimeout and
// is stopped by its deadline (context.DeadlineExceeded).
//
//	scripts/run context_cancel.go
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// search looks for a number in [lo, hi) whose square ends in 5 digits
// 12321, checking ctx every so often.
func search(ctx context.Context, lo, hi int, found chan<- int) {
	for n := lo; n < hi; n++ {
		if n%1000 == 0 {
			select {
			case <-ctx.Done():
				return
			default:
			}
		}
		if n*n%100000 == 12321 {
			select {
			case found <- n:
			case <-ctx.Done():
			}
			return
		}
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	found := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			search(ctx, w*250000, (w+1)*250000, found)
			wg.Done()
		}(w)
	}
	first := <-found
	cancel() // stop the other workers
	wg.Wait()
	fmt.Println("found a number whose square ends in 12321:", first*first%100000 == 12321)
	fmt.Println("context after cancel:", ctx.Err())

	// A slow job under a deadline.
	tctx, tcancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	result := make(chan string, 1)
	go func() {
		time.Sleep(time.Second) // the job is too slow
		result <- "done"
	}()
	select {
	case r := <-result:
		fmt.Println(r)
	case <-tctx.Done():
		fmt.Println("gave up:", tctx.Err(), tctx.Err() == context.DeadlineExceeded)
	}
	tcancel()

	// Values travel down the tree; cancellation never goes up.
	parent := context.WithValue(context.Background(), "request", 42)
	child, childCancel := context.WithCancel(parent)
	childCancel()
	fmt.Println("child:", child.Err(), "request", child.Value("request"), "parent:", parent.Err())
}

// Output:
// found a number whose square ends in 12321: true
// context after cancel: context canceled
// gave up: context deadline exceeded true
// child: context canceled request 42 parent: <nil>
