// Arrays of structs and structs holding arrays.
package main

type Body struct {
	Pos  [3]float64
	Mass float64
}

type System struct {
	Bodies [3]Body
	N      int
}

func main() {
	var s System
	for i := 0; i < 3; i++ {
		s.Bodies[i] = Body{Pos: [3]float64{float64(i), float64(i * 2), 0.5}, Mass: float64(i + 1)}
		s.N++
	}
	s.Bodies[1].Pos[2] = 7
	total := 0.0
	for _, b := range s.Bodies {
		total += b.Mass * (b.Pos[0] + b.Pos[1] + b.Pos[2])
	}
	println(s.N, total)
	b := s.Bodies[2]
	b.Mass = 100
	println(s.Bodies[2].Mass, b.Mass)
	p := &s.Bodies[0]
	p.Mass = 50
	println(s.Bodies[0].Mass)
}

// Output:
// 3 +4.000000e+001
// +3.000000e+000 +1.000000e+002
// +5.000000e+001
