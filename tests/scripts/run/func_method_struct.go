// Methods on structs: value receivers get a copy, pointer receivers share.
package main

type Point struct{ X, Y int }

func (p Point) Sum() int       { return p.X + p.Y }
func (p Point) Moved(d int) Point { p.X += d; p.Y += d; return p }
func (p *Point) Move(d int)    { p.X += d; p.Y += d }

func main() {
	p := Point{1, 2}
	q := p.Moved(10)
	println(p.X, p.Y, q.X, q.Y, q.Sum())
	p.Move(5)
	println(p.X, p.Y, p.Sum())
	pp := &Point{3, 4}
	pp.Move(1)
	println(pp.Sum(), (*pp).Sum())
}

// Output:
// 1 2 11 12 23
// 6 7 13
// 9 9
