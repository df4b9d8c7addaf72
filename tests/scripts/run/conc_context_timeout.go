// context.WithTimeout and WithDeadline: Done closes at the deadline with
// DeadlineExceeded; cancel first gives Canceled; a parent's earlier
// deadline wins.
package main

import (
	"context"
	"fmt"
	"time"
)

func slowOp(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	fmt.Println(slowOp(ctx, 5*time.Millisecond))
	fmt.Println(slowOp(ctx, 5*time.Second))
	fmt.Println(ctx.Err() == context.DeadlineExceeded)
	cancel()
	fmt.Println(ctx.Err())

	ctx2, cancel2 := context.WithTimeout(context.Background(), time.Hour)
	cancel2()
	fmt.Println(slowOp(ctx2, time.Second))

	dl := time.Now().Add(30 * time.Millisecond)
	ctx3, cancel3 := context.WithDeadline(context.Background(), dl)
	d, ok := ctx3.Deadline()
	fmt.Println(ok, d.Equal(dl))
	child, cancel4 := context.WithTimeout(ctx3, time.Hour)
	d2, _ := child.Deadline()
	fmt.Println("child deadline is the parent's:", d2.Equal(dl))
	<-child.Done()
	fmt.Println(child.Err(), ctx3.Err())
	cancel3()
	cancel4()
	_, ok = context.Background().Deadline()
	fmt.Println(ok)
	past, cancel5 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	<-past.Done()
	fmt.Println("past deadline:", past.Err())
	cancel5()
}

// Output:
// <nil>
// context deadline exceeded
// true
// context deadline exceeded
// context canceled
// true true
// child deadline is the parent's: true
// context deadline exceeded context deadline exceeded
// false
// past deadline: context deadline exceeded
