// Euclid, iterative and recursive, unsigned.
package main

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func gcdr(a, b int) int {
	if b == 0 {
		return a
	}
	return gcdr(b, a%b)
}

func main() {
	println(gcd(1071, 462), gcdr(1071, 462))
	println(gcd(18446744073709551615, 3))
}

// Output:
// 21 21
// 3
