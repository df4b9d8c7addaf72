// A non-empty interface: dynamic calls through the method table.
package main

type Shape interface {
	Area() float64
	Name() string
}

type Square float64
type Circle float64

func (s Square) Area() float64 { return float64(s * s) }
func (s Square) Name() string  { return "square" }
func (c Circle) Area() float64 { return 3 * float64(c*c) }
func (c Circle) Name() string  { return "circle" }

func describe(s Shape) {
	println(s.Name(), int(s.Area()))
}

func main() {
	var s Shape = Square(3)
	describe(s)
	s = Circle(2)
	describe(s)
	describe(Square(1.5))
}

// Output:
// square 9
// circle 12
// square 2
