// Deep recursion inside goroutines: a goroutine's VM stack starts at 4 KiB
// and grows by chunks of doubling size that never move.
// Env: GODEBUG=gccheckmark=1,gcstress=997
package main

func depth(n int) int {
	if n == 0 {
		return 0
	}
	return depth(n-1) + 1
}

func main() {
	c := make(chan int)
	for i := 0; i < 4; i++ {
		go func(k int) { c <- depth(100000 * k) }(i)
	}
	s := 0
	for i := 0; i < 4; i++ {
		s += <-c
	}
	println(s)
}

// Output:
// 600000
