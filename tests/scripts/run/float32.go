// float32 rounds after every operation.
package main

func main() {
	var a float32 = 0.1
	var b float32 = 0.2
	c := a + b
	println(c, float64(c))
	println(float64(a)+float64(b))
	var big float32 = 16777216
	big++
	println(big)
	var x float32 = 1
	for i := 0; i < 10; i++ {
		x = x / 3
	}
	println(x)
}

// Output:
// +3.000000e-001 +3.000000e-001
// +3.000000e-001
// +1.677722e+007
// +1.693509e-005
