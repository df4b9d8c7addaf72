// Conversions between interface types, statically and by assertion.
package main

type Namer interface{ Name() string }
type Both interface {
	Name() string
	Size() int
}

type F string

func (f F) Name() string { return "F:" + string(f) }
func (f F) Size() int    { return len(f) }

type G int

func (g G) Name() string { return "G" }

func main() {
	var b Both = F("abc")
	var n Namer = b
	println(n.Name())
	var x interface{} = n
	if bb, ok := x.(Both); ok {
		println("both", bb.Size())
	}
	x = G(1)
	_, ok := x.(Both)
	nn, ok2 := x.(Namer)
	println(ok, ok2, nn.Name())
	var e interface{} = b
	println(e.(Namer).Name())
}

// Output:
// F:abc
// both 3
// false true G
// F:abc
