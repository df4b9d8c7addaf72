// range over an array ranges over a copy; over a slice, over the
// original elements but with the length fixed at the start.
package main

func main() {
	a := [3]int{1, 2, 3}
	for i, v := range a {
		if i == 0 {
			a[1] = 20
			a[2] = 30
		}
		print(v, " ")
	}
	println(a[1])
	s := []int{1, 2, 3}
	for i, v := range s {
		if i == 0 {
			s[1] = 20
			s = append(s, 4)
		}
		print(v, " ")
	}
	println(len(s))
	var idx int
	for idx = range a {
	}
	println(idx)
	var x, y int
	for x, y = range []int{5, 6, 7} {
	}
	println(x, y)
}

// Output:
// 1 2 3 20
// 1 20 3 4
// 2
// 2 7
