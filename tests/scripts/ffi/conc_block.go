// Go: differs: calls C through //gort:extern (Go needs cgo for this)
// Env: GOMAXPROCS=2
package main

import "fmt"

//gort:extern libgortffitest.so ft_sleep_ms
func sleepMs(ms int32)

func main() {
	// ten goroutines blocked in C at once, beside one that computes: each
	// C call hands its P on, so the counter runs meanwhile (scripts/bench
	// times this; a test does not)
	done := make(chan int)
	for i := 0; i < 10; i++ {
		go func(i int) {
			sleepMs(100)
			done <- i
		}(i)
	}
	stop := make(chan bool)
	count := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				count <- n
				return
			default:
				n++
			}
		}
	}()
	sum := 0
	for i := 0; i < 10; i++ {
		sum += <-done
	}
	stop <- true
	fmt.Println(sum, <-count > 0)
}

// Output:
// 45 true
