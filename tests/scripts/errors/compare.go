// Golden errors: comparisons (reported at the operand at fault, the
// kind of a composite type named) and non-constant shifts of untyped
// constants, whose type comes from the context and must be an integer.

package main

func main() {
	var b bool
	var s []int
	var i int
	var f float64
	var u uint = 3
	_ = b < b    // ERROR "invalid operation: b < b \(operator < not defined on bool\)"
	_ = s < s    // ERROR "invalid operation: s < s \(operator < not defined on slice\)"
	_ = i < b    // ERROR "invalid operation: i < b \(mismatched types int and bool\)"
	_ = nil == nil // ERROR "invalid operation: nil == nil \(operator == not defined on untyped nil\)"
	_ = s == s   // ERROR "invalid operation: s == s \(slice can only be compared to nil\)"

	f = 1 << u           // ERROR "invalid operation: 1 << u \(shift of type float64\)"
	_ = float64(1 << u)  // ERROR "invalid operation: 1 << u \(shift of type float64\)"
	g := 1.0 + 1<<u      // ERROR "invalid operation: 1 << u \(shift of type float64\)"
	i = 1 << u           // a non-constant shift into an integer: fine
	f = 1 << 3           // constant: fine
	_, _, _ = f, g, i
}
