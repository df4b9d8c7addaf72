// Index expressions on the left are evaluated before the right side is
// assigned; out-of-range checks happen at the assignment.
package main

var trace string

func idx(i int) int {
	trace += string(rune('0' + i))
	return i
}

func val(v int) int {
	trace += "v"
	return v
}

func main() {
	s := make([]int, 3)
	s[idx(1)] = val(5)
	a := [3][3]int{}
	a[idx(2)][idx(0)] = val(7)
	println(trace, s[1], a[2][0])
	m := map[int][]int{}
	m[idx(1)] = append(m[idx(1)], val(3))
	println(trace, m[1][0])
}

// Output:
// 1v20v 5 7
// 1v20v11v 3
