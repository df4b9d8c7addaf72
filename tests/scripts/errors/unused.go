// Golden errors: "declared but not used", and when it is not reported.
// A variable whose initialization or assignment failed counts as used:
// reporting it as well would be a follow-on error (types2's rule).

package main

func two() (int, int) { return 1, 2 }

func one() int { return 1 }

func main() {
	var unused int // ERROR "unused declared but not used"

	var s string = nil // ERROR "cannot use nil as string value in variable declaration"

	const k uint64 = 10
	var i int64 = k // ERROR "cannot use k \(constant 10 of type uint64\) as type int64 in variable declaration"

	x, y := two(), 2 // ERROR "multiple-value two\(\) .* in single-value context"

	a, b := one() // ERROR "assignment mismatch: 2 variables but one returns 1 value"

	var c, d int
	c, d = one() // ERROR "assignment mismatch: 2 variables but one returns 1 value"

	var n int
	n = "str" // ERROR "cannot use .str. \(untyped string constant\) as int value in assignment"

	var m, ok int
	m, ok = 1, "no" // ERROR "cannot use .no. \(untyped string constant\) as int value in assignment"

	var v struct{}
	_ = &v{} // ERROR "v \(variable of type struct{}\) is not a type"

	_ = two() // ERROR "assignment mismatch: 1 variable but two returns 2 values"
	w := two() // ERROR "assignment mismatch: 1 variable but two returns 2 values"
}
