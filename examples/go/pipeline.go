// pipeline: stages connected by channels, the squaring fanned out over two
// workers and merged back with select: each stage is a goroutine that
// ranges over its input and closes its output when done, so the end of
// the input flows through to the end of the program.
//
//	scripts/run pipeline.go
package main

import "fmt"

func numbers(n int) chan int {
	out := make(chan int)
	go func() {
		for i := 1; i <= n; i++ {
			out <- i
		}
		close(out)
	}()
	return out
}

func square(in chan int) chan int {
	out := make(chan int)
	go func() {
		for v := range in {
			out <- v * v
		}
		close(out)
	}()
	return out
}

func merge(a, b chan int) chan int {
	out := make(chan int)
	go func() {
		for a != nil || b != nil {
			select {
			case v, ok := <-a:
				if !ok {
					a = nil
					continue
				}
				out <- v
			case v, ok := <-b:
				if !ok {
					b = nil
					continue
				}
				out <- v
			}
		}
		close(out)
	}()
	return out
}

func main() {
	in := numbers(1000)
	// two workers read the same input channel
	total, count := 0, 0
	for v := range merge(square(in), square(in)) {
		total += v
		count++
	}
	fmt.Println("squares:", count, "sum:", total)
}
