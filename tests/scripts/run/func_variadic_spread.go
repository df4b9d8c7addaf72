// f(s...) passes the slice itself: the callee sees the caller's elements.
package main

func inc(xs ...int) {
	for i := range xs {
		xs[i]++
	}
}

func length(xs ...int) (int, bool) { return len(xs), xs == nil }

func main() {
	s := []int{1, 2, 3}
	inc(s...)
	println(s[0], s[1], s[2])
	inc(s[1:]...)
	println(s[0], s[1], s[2])
	n, isnil := length()
	println(n, isnil)
	n, isnil = length(s...)
	println(n, isnil)
	var empty []int
	n, isnil = length(empty...)
	println(n, isnil)
}

// Output:
// 2 3 4
// 2 4 5
// 0 true
// 3 false
// 0 true
