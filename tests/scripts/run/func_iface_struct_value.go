// A struct value in an interface is a copy; value methods of T are in *T's method set too.
package main

type Shape interface{ Area() int }

type Rect struct{ W, H int }

func (r Rect) Area() int { return r.W * r.H }

func total(shapes ...Shape) int {
	t := 0
	for _, s := range shapes {
		t += s.Area()
	}
	return t
}

func main() {
	r := Rect{2, 3}
	var s Shape = r
	r.W = 100
	println(s.Area(), r.Area())
	var p Shape = &r
	println(p.Area())
	println(total(Rect{1, 1}, &Rect{2, 2}, s))
}

// Output:
// 6 300
// 300
// 11
