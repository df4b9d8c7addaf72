// Keys of every integer width, strings, bools and pointers.
package main

type T struct{ n int }

func main() {
	a := map[int8]int{-1: 1, 127: 2}
	b := map[uint16]string{65535: "max"}
	c := map[int32]bool{-5: true}
	d := map[uint64]int{1 << 63: 9}
	k8 := int8(-1)
	println(a[k8], a[127], b[65535], c[-5], d[1<<63], len(a))
	t1, t2 := &T{1}, &T{1}
	p := map[*T]string{t1: "one"}
	p[t2] = "two"
	println(len(p), p[t1], p[t2])
	s := map[string][]string{}
	s["k"] = append(s["k"], "v1", "v2")
	println(len(s["k"]), s["k"][1])
}

// Output:
// 1 2 max true 9 2
// 2 one two
// 2 v2
