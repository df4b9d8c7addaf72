// Go: differs: calls C through //gort:extern (Go needs cgo for this)
package main

import "fmt"

func onThread(f func(int64) int64, x int64) int64 { return f(x) }

var total int64

func main() {
	// C calls back on a thread it made: the thread is attached and the
	// func value runs on a goroutine of its own
	ch := make(chan int64, 1)
	r := onThread(func(x int64) int64 {
		total += x
		ch <- x * 2
		return x + 1
	}, 20)
	fmt.Println(r, <-ch, total)
	for i := int64(0); i < 5; i++ {
		r += onThread(func(x int64) int64 { return x * x }, i)
	}
	fmt.Println(r)
}
