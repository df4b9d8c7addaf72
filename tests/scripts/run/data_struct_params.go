// Structs pass and return by value: the callee's changes stay its own.
package main

type V struct {
	X, Y, Z float64
}

func scale(v V, k float64) V {
	v.X *= k
	v.Y *= k
	v.Z *= k
	return v
}

func addTo(dst *V, v V) {
	dst.X += v.X
	dst.Y += v.Y
	dst.Z += v.Z
}

func pair() (V, V) {
	a := V{1, 2, 3}
	return a, scale(a, 2)
}

func main() {
	v := V{1, 2, 3}
	w := scale(v, 10)
	println(v.X, w.X, w.Z)
	var acc V
	for i := 0; i < 3; i++ {
		addTo(&acc, v)
	}
	println(acc.X, acc.Y, acc.Z)
	a, b := pair()
	a.X = 100
	println(a.X, b.X, b.Y)
}

// Output:
// +1.000000e+000 +1.000000e+001 +3.000000e+001
// +3.000000e+000 +6.000000e+000 +9.000000e+000
// +1.000000e+002 +2.000000e+000 +4.000000e+000
