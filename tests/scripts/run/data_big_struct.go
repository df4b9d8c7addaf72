// Fields beyond 255 bytes from the start, large arrays and zero-size
// types.
package main

type Big struct {
	Pad  [40]int
	Tail int
	Name string
	Sub  struct{ A, B int16 }
}

type Set map[string]struct{}

func main() {
	var b Big
	b.Tail = 7
	b.Name = "far"
	b.Sub.B = -2
	b.Pad[39] = 3
	c := b
	c.Tail++
	p := &b
	p.Sub.A += 5
	println(b.Tail, c.Tail, b.Name, b.Sub.A, b.Sub.B, b.Pad[39], b == c)
	var grid [100][100]float64
	grid[99][98] = 1.5
	g2 := grid
	g2[99][98] *= 2
	println(grid[99][98], g2[99][98])
	set := Set{}
	set["a"] = struct{}{}
	set["b"] = struct{}{}
	_, ok := set["a"]
	_, no := set["z"]
	println(len(set), ok, no)
	empties := make([]struct{}, 1000)
	println(len(empties))
}

// Output:
// 7 8 far 5 -2 3 false
// +1.500000e+000 +3.000000e+000
// 2 true false
// 1000
