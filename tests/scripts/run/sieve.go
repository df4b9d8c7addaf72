// Primes by trial division, nested loops and early exit.
package main

func isPrime(n int) bool {
	if n < 2 {
		return false
	}
	for d := 2; d*d <= n; d++ {
		if n%d == 0 {
			return false
		}
	}
	return true
}

func main() {
	count := 0
	last := 0
	for i := 0; i < 10000; i++ {
		if isPrime(i) {
			count++
			last = i
		}
	}
	println(count, last)
}

// Output:
// 1229 9973
