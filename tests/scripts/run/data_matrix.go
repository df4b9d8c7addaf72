// Slices of slices of float64: a matrix product.
package main

func newMatrix(n int) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
	}
	return m
}

func main() {
	n := 30
	a, b := newMatrix(n), newMatrix(n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a[i][j] = float64(i - j)
			b[i][j] = float64(i * j % 7)
		}
	}
	c := newMatrix(n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for k := 0; k < n; k++ {
				s += a[i][k] * b[k][j]
			}
			c[i][j] = s
		}
	}
	println(c[0][0], c[5][7], c[29][29])
}

// Output:
// +0.000000e+000 +0.000000e+000 +1.190000e+003
