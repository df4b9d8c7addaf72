// Deep recursion does not grow the C stack.
package main

func depth(n int) int {
	if n == 0 {
		return 0
	}
	return depth(n-1) + 1
}

func ack(m, n int) int {
	if m == 0 {
		return n + 1
	}
	if n == 0 {
		return ack(m-1, 1)
	}
	return ack(m-1, ack(m, n-1))
}

func main() {
	println(depth(1000000))
	println(ack(2, 3), ack(3, 3))
}

// Output:
// 1000000
// 9 61
