// nil slices: len and cap 0, == nil, append and range work.
package main

func grow(s []string) []string {
	return append(s, "x")
}

func main() {
	var s []string
	println(s == nil, len(s), cap(s))
	for range s {
		println("never")
	}
	s = grow(s)
	println(s == nil, len(s), s[0])
	s = nil
	println(s == nil, s != nil)
	e := []int{}
	println(e == nil, len(e))
	t := s[0:0]
	println(t == nil)
}

// Output:
// true 0 0
// false 1 x
// true false
// false 0
// true
