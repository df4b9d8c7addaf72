// select with time.After: a slow worker times out, a fast one answers;
// a timeout in a loop bounds how long a receive waits.
package main

import (
	"fmt"
	"time"
)

func worker(d time.Duration) chan string {
	c := make(chan string, 1)
	go func() {
		time.Sleep(d)
		c <- fmt.Sprint("finished after ", d)
	}()
	return c
}

func main() {
	select {
	case r := <-worker(10 * time.Millisecond):
		fmt.Println(r)
	case <-time.After(2 * time.Second):
		fmt.Println("timeout")
	}
	select {
	case r := <-worker(2 * time.Second):
		fmt.Println(r)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("timeout")
	}
	ticks := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			ticks <- i
		}
	}()
	for {
		select {
		case i := <-ticks:
			fmt.Println("got", i)
			continue
		case <-time.After(100 * time.Millisecond):
			fmt.Println("idle: stop")
		}
		break
	}
	t := <-time.After(time.Millisecond)
	fmt.Println(t.After(time.Unix(0, 0)))
}

// Output:
// finished after 10ms
// timeout
// got 0
// got 1
// got 2
// idle: stop
// true
