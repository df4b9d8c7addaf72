// time.Sleep parks goroutines: they wake in the order of their
// deadlines, and main's own Sleep lets them all finish.
package main

import (
	"fmt"
	"time"
)

func main() {
	out := make(chan int, 5)
	for _, ms := range []int{40, 10, 30, 0, 20} {
		go func(ms int) {
			time.Sleep(time.Duration(ms) * time.Millisecond * 5)
			out <- ms
		}(ms)
	}
	for i := 0; i < 5; i++ {
		fmt.Println(<-out)
	}
	time.Sleep(-1)
	time.Sleep(0)
	fmt.Println("done")
}

// Output:
// 0
// 10
// 20
// 30
// 40
// done
