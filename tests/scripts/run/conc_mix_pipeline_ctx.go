// A pipeline whose stages stop on context cancellation: the consumer
// takes what it needs and cancels, every stage exits, no goroutine leaks.
package main

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

func gen(ctx context.Context) chan int {
	out := make(chan int)
	go func() {
		for i := 1; ; i++ {
			select {
			case out <- i:
			case <-ctx.Done():
				close(out)
				return
			}
		}
	}()
	return out
}

func square(ctx context.Context, in chan int) chan int {
	out := make(chan int)
	go func() {
		for v := range in {
			select {
			case out <- v * v:
			case <-ctx.Done():
			}
		}
		close(out)
	}()
	return out
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sq := square(ctx, gen(ctx))
	sum := 0
	for i := 0; i < 10; i++ {
		sum += <-sq
	}
	cancel()
	for range sq {
	}
	fmt.Println("sum of first 10 squares:", sum)
	for i := 0; i < 100 && runtime.NumGoroutine() > 1; i++ {
		time.Sleep(time.Millisecond)
	}
	fmt.Println("goroutines left:", runtime.NumGoroutine())
}

// Output:
// sum of first 10 squares: 385
// goroutines left: 1
