// copy: the count, overlapping copies, and copying from a string.
package main

func main() {
	s := []int{1, 2, 3, 4, 5}
	n := copy(s[1:], s)
	println(n, s[0], s[1], s[2], s[3], s[4])
	d := make([]int, 2)
	println(copy(d, s), d[0], d[1])
	b := make([]byte, 3)
	n = copy(b, "hello")
	println(n, string(b))
	copy(s, []int{9, 9})
	println(s[0], s[1], s[2])
	var e []int
	println(copy(e, s))
}

// Output:
// 4 1 1 2 3 4
// 2 1 1
// 3 hel
// 9 9 2
// 0
