// switch on pointers and on structs and arrays (compared field by field).
package main

type P struct {
	X int
	S string
}

func main() {
	a, b := &P{1, "a"}, &P{1, "a"}
	for _, p := range []*P{a, b, nil} {
		switch p {
		case a:
			println("a")
		case nil:
			println("nil")
		default:
			println("other", p.S)
		}
	}
	for _, v := range []P{{1, "a"}, {2, "b"}, {1, "b"}} {
		switch v {
		case P{1, "a"}:
			println("first")
		case P{2, "b"}, P{3, "c"}:
			println("second")
		default:
			println("none")
		}
	}
	switch [2]int{1, 2} {
	case [2]int{1, 2}:
		println("array")
	}
}

// Output:
// a
// other a
// nil
// first
// second
// none
// array
