// new(T) for scalars, strings, slices, structs and arrays.
package main

type T struct {
	A int
	B []string
}

func main() {
	p := new(int)
	println(*p)
	*p = 3
	s := new(string)
	*s = "str"
	q := new([]int)
	*q = append(*q, 1, 2)
	t := new(T)
	t.B = append(t.B, "x")
	a := new([4]int)
	a[3] = 9
	println(*p, *s, len(*q), t.A, len(t.B), t.B[0], a[3], len(a))
}

// Output:
// 0
// 3 str 2 0 1 x 9 4
