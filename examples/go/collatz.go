// collatz: the longest Collatz chain below a million (integers, loops and
// calls; about a second in the VM).
//
//	scripts/run collatz.go
package main

func steps(n int) int {
	s := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		s++
	}
	return s
}

func main() {
	best, at := 0, 0
	for i := 1; i < 1000000; i++ {
		if s := steps(i); s > best {
			best, at = s, i
		}
	}
	println("longest chain below 1e6 starts at", at, "with", best, "steps")
}
