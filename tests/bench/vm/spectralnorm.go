// spectral-norm, n = 1000 (the Benchmarks Game's program): float loops
// over slices and a small function called in the inner loop.
package main

import "math"

func a(i, j int) float64 {
	return 1.0 / float64((i+j)*(i+j+1)/2+i+1)
}

func times(v, u []float64) {
	for i := 0; i < len(v); i++ {
		s := 0.0
		for j := 0; j < len(u); j++ {
			s += a(i, j) * u[j]
		}
		v[i] = s
	}
}

func timesTransp(v, u []float64) {
	for i := 0; i < len(v); i++ {
		s := 0.0
		for j := 0; j < len(u); j++ {
			s += a(j, i) * u[j]
		}
		v[i] = s
	}
}

func atimesTransp(v, u, tmp []float64) {
	times(tmp, u)
	timesTransp(v, tmp)
}

func main() {
	n := 1000
	u := make([]float64, n)
	v := make([]float64, n)
	tmp := make([]float64, n)
	for i := 0; i < n; i++ {
		u[i] = 1
	}
	for i := 0; i < 10; i++ {
		atimesTransp(v, u, tmp)
		atimesTransp(u, v, tmp)
	}
	vBv, vv := 0.0, 0.0
	for i := 0; i < n; i++ {
		vBv += u[i] * v[i]
		vv += v[i] * v[i]
	}
	println(math.Sqrt(vBv / vv))
}
