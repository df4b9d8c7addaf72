// libm: C's math library called from a script. Each function is a
// body-less declaration with a //gort:extern directive naming the library
// and the symbol (docs/ffi.md); the library is opened once, when the
// program is compiled, and a misspelt symbol is a compile error.
//
//	scripts/run ffi/libm.go
package main

import "fmt"

//gort:extern libm.so.6 cbrt
func cbrt(x float64) float64

//gort:extern libm.so.6 hypot
func hypot(x, y float64) float64

//gort:extern libm.so.6 erf
func erf(x float64) float64

//gort:extern libm.so.6 tgamma
func tgamma(x float64) float64

//gort:extern libm.so.6 ldexp fast
func ldexp(x float64, exp int32) float64

//gort:extern libm.so.6 sinf
func sinf(x float32) float32

func main() {
	fmt.Printf("cbrt(27)      = %.10g\n", cbrt(27))
	fmt.Printf("hypot(3, 4)   = %g\n", hypot(3, 4))
	fmt.Printf("erf(1)        = %.6f\n", erf(1))
	fmt.Printf("gamma(5)      = %g (4!)\n", tgamma(5))
	fmt.Printf("ldexp(0.75,4) = %g\n", ldexp(0.75, 4))
	fmt.Printf("sinf(0.5)     = %.6f\n", sinf(0.5))
	// a table, the way a script would use a C library in a loop
	for x := 0.5; x <= 2.0; x += 0.5 {
		fmt.Printf("Γ(%.1f) = %8.5f\n", x, tgamma(x))
	}
}
