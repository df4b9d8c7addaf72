// len and cap of a local slice are read from its registers; assignments
// that change the slice in the same statement, and loops whose condition
// reads len, still see Go's values.
package main

import "fmt"

func main() {
	s := []int{1, 2, 3, 4}
	var n int
	s, n = s[1:], len(s)
	fmt.Println(len(s), n)
	n, s = len(s), s[1:]
	fmt.Println(len(s), n)
	t := []int{9}
	s, t = t, s
	fmt.Println(len(s), len(t))
	a, b := len(s), len(t)
	s, t = t[:0], s[:0]
	fmt.Println(a, b, len(s), len(t), cap(s))
	for i := 0; i < len(s); i++ {
		s = s[:len(s)-1]
		fmt.Println(i, len(s))
	}
	s = []int{1, 2, 3, 4, 5}
	for i := 0; i < len(s); i++ {
		s = s[:len(s)-1]
		fmt.Println(i, len(s))
	}
	x := len(s)
	s = append(s, 7)
	fmt.Println(x, len(s), func() int { return len(s) }())
}

// Output:
// 3 4
// 2 3
// 1 2
// 1 2 0 0 2
// 0 4
// 1 3
// 2 2
// 2 3 3
