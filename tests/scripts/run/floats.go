// float64 arithmetic and print's float format.
package main

func main() {
	x := 1.5
	y := 2.25
	println(x+y, x-y, x*y, x/y)
	println(0.0, -x, 1e100, 1e-100, 123456789.0)
	z := 0.0
	println(1/z, -1/z, z/z)
	println(x < y, x == 1.5, y >= 3)
	var f float64 = 3
	f *= f
	f -= 0.5
	println(f)
	var n float64 = -0.0
	println(n, -z)
}

// Output:
// +3.750000e+000 -7.500000e-001 +3.375000e+000 +6.666667e-001
// +0.000000e+000 -1.500000e+000 +1.000000e+100 +1.000000e-100 +1.234568e+008
// +Inf -Inf NaN
// true true false
// +8.500000e+000
// +0.000000e+000 -0.000000e+000
