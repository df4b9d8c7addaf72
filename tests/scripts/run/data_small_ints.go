// Elements of every integer width are stored and loaded in their own
// size, with wrap-around.
package main

type Mix struct {
	A int8
	B uint16
	C int32
	D uint32
	E float32
	F uint8
}

func main() {
	var m Mix
	m.A = 127
	m.A++
	m.B = 65535
	m.B += 2
	m.C = -5
	m.D = 1 << 31
	m.D *= 2
	m.E = 0.1
	m.F = 255
	m.F++
	println(m.A, m.B, m.C, m.D, m.E, m.F)
	s := []int16{32767, -32768}
	s[0]++
	s[1]--
	println(s[0], s[1])
	u := []uint64{1 << 63}
	u[0] += u[0]
	println(u[0])
	fs := []float32{1.0 / 3}
	println(fs[0] == float32(1.0/3.0), float64(fs[0]) == 1.0/3.0)
}

// Output:
// -128 1 -5 0 +1.000000e-001 0
// -32768 32767
// 0
// true false
