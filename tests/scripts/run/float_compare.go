// Float comparisons with NaN take the right branches.
package main

func main() {
	zero := 0.0
	nan := zero / zero
	one := 1.0
	if nan < one {
		println("bad <")
	} else {
		println("nan < 1 is false")
	}
	if !(nan < one) {
		println("!(nan < 1)")
	}
	if nan >= one {
		println("bad >=")
	}
	if nan != nan {
		println("nan != nan")
	}
	if nan == nan {
		println("bad ==")
	}
	b := nan <= one
	println(b, nan > one, one > nan, one < 2)
	for x := 0.0; x < 1; x += 0.25 {
		print(x, " ")
	}
	println()
}

// Output:
// nan < 1 is false
// !(nan < 1)
// nan != nan
// false false false true
// +0.000000e+000 +2.500000e-001 +5.000000e-001 +7.500000e-001 
