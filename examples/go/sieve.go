// sieve: the concurrent prime sieve from Go's own examples. Each prime
// found starts a goroutine that filters its multiples out of the stream
// of numbers it receives, so the pipeline grows one goroutine per prime
// (goroutines, unbuffered channels, a chain of parked receivers).
//
//	scripts/run sieve.go
package main

import "fmt"

func generate(ch chan int) {
	for i := 2; ; i++ {
		ch <- i
	}
}

func filter(in, out chan int, prime int) {
	for {
		i := <-in
		if i%prime != 0 {
			out <- i
		}
	}
}

func main() {
	ch := make(chan int)
	go generate(ch)
	for i := 0; i < 100; i++ {
		prime := <-ch
		if i%10 == 9 {
			fmt.Println("prime", i+1, "is", prime)
		}
		ch1 := make(chan int)
		go filter(ch, ch1, prime)
		ch = ch1
	}
}
