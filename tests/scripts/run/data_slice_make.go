// make([]T, n) and make([]T, n, c): zeroed elements, len and cap.
package main

func main() {
	s := make([]int, 3)
	t := make([]string, 2, 10)
	u := make([]float64, 0, 5)
	println(len(s), cap(s), len(t), cap(t), len(u), cap(u))
	println(s[0], t[1] == "", s == nil)
	t = t[:5]
	t[4] = "x"
	println(len(t), t[4], t[3] == "")
	n := 4
	b := make([]byte, n)
	b[3] = 'z'
	println(string(b[3:]))
}

// Output:
// 3 3 2 10 0 5
// 0 true false
// 5 x true
// z
