// Address-taken locals live on the heap: &x, *p reads and writes, and
// pointers that outlive the call.
package main

func counter() *int {
	n := 0
	return &n
}

func bump(p *int) {
	*p = *p + 1
}

func setStr(p *string, s string) {
	*p = s
}

func main() {
	x := 1
	p := &x
	*p = 2
	bump(&x)
	bump(p)
	println(x, *p)
	c1, c2 := counter(), counter()
	bump(c1)
	bump(c1)
	bump(c2)
	println(*c1, *c2)
	s := "old"
	setStr(&s, "new")
	println(s)
	var f float32 = 1.5
	pf := &f
	*pf *= 3
	println(f)
	var b byte = 250
	pb := &b
	*pb += 10
	println(b)
	pp := &p
	**pp = 40
	println(x)
	sl := []int{1}
	ps := &sl
	*ps = append(*ps, 2, 3)
	println(len(sl), sl[2])
}

// Output:
// 4 4
// 2 1
// new
// +4.500000e+000
// 4
// 40
// 3 3
