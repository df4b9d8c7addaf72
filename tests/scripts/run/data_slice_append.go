// append: one and many values, growth (Go 1.19's capacities), another
// slice with ..., and a string appended to a []byte.
package main

func main() {
	var s []int
	last := -1
	for i := 0; i < 2000; i++ {
		s = append(s, i)
		if cap(s) != last {
			print(cap(s), " ")
			last = cap(s)
		}
	}
	println()
	println(len(s), s[1999])
	t := append([]int{}, 1, 2, 3)
	t = append(t, t...)
	println(len(t), t[3], t[5])
	b := []byte("ab")
	b = append(b, "cdef"...)
	b = append(b, 'g')
	println(string(b), len(b))
	u := s[:2]
	u = append(u, -1)
	println(s[2])
	var names []string
	names = append(names, "x", "y")
	names = append(names, names...)
	println(len(names), names[3])
}

// Output:
// 1 2 4 8 16 32 64 128 256 512 848 1280 1792 2560 
// 2000 1999
// 6 1 3
// abcdefg 7
// -1
// 4 y
