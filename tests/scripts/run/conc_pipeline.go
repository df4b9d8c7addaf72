// A pipeline: generate -> square -> sum, each stage a goroutine, each
// link an unbuffered channel closed by its sender; range ends each loop.
package main

func gen(n int) chan int {
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

func main() {
	total := 0
	for v := range square(square(gen(20))) {
		total += v
	}
	println("sum of fourth powers:", total)
}

// Output:
// sum of fourth powers: 722666
