// pi: three ways to approximate pi with natives from package math and
// strings (math.Sqrt, math.Abs, strings.Repeat).
//
//	scripts/run pi.go
package main

import (
	"math"
	"strings"
)

// leibniz: pi/4 = 1 - 1/3 + 1/5 - ...
func leibniz(n int) float64 {
	s, sign := 0.0, 1.0
	for i := 0; i < n; i++ {
		s += sign / float64(2*i+1)
		sign = -sign
	}
	return 4 * s
}

// circle: the area of a quarter circle by the midpoint rule.
func circle(n int) float64 {
	s := 0.0
	h := 1.0 / float64(n)
	for i := 0; i < n; i++ {
		x := (float64(i) + 0.5) * h
		s += math.Sqrt(1 - x*x)
	}
	return 4 * s * h
}

// archimedes: the perimeter of a polygon of 6*2^k sides.
func archimedes(k int) float64 {
	s := 1.0 // side of the hexagon in the unit circle
	sides := 6.0
	for i := 0; i < k; i++ {
		s = math.Sqrt(2 - math.Sqrt(4-s*s))
		sides *= 2
	}
	return sides * s / 2
}

func report(name string, v float64) {
	println(name+strings.Repeat(" ", 12-len(name)), v, "error", math.Abs(v-math.Pi))
}

func main() {
	report("leibniz", leibniz(10000000))
	report("circle", circle(1000000))
	report("archimedes", archimedes(12))
}
