// Slicing slices: s[a:b], s[a:], s[:b], s[a:b:c], sharing and capacity.
package main

func main() {
	s := []int{0, 1, 2, 3, 4, 5, 6, 7}
	a := s[2:5]
	println(len(a), cap(a), a[0])
	a[1] = 30
	println(s[3])
	b := a[1:]
	println(len(b), cap(b), b[0])
	c := s[:3:4]
	println(len(c), cap(c))
	c = append(c, 99)
	println(s[3])
	c = append(c, 100)
	c[0] = -5
	println(s[0], c[0], len(c))
	d := s[5:]
	e := d[:0]
	println(len(d), len(e), cap(e))
	f := s[len(s):]
	println(len(f), cap(f))
}

// Output:
// 3 6 2
// 30
// 2 5 30
// 3 4
// 99
// 0 -5 5
// 3 0 3
// 0 0
