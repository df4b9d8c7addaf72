// Golden errors: argument and result counts, with types2's "have"/"want"
// summaries (untyped numbers are "number", other untyped constants lose
// "untyped", an invalid type is "<T>"), and follow-on errors that mention
// an invalid type or operand being dropped.

package main

func f2(int, int) {}

func g(x undefinedType) {} // ERROR "undefined: undefinedType"

func r0() {
	return 1 // ERROR "too many return values\n\thave \(number\)\n\twant \(\)"
}

func r1() int {
	return 1, "a" // ERROR "too many return values\n\thave \(number, string\)\n\twant \(int\)"
}

func r2() (int, error) {
	var x int
	return x // ERROR "not enough return values\n\thave \(int\)\n\twant \(int, error\)"
}

func main() {
	f2(1, "s", true) // ERROR "too many arguments in call to f2\n\thave \(number, string, bool\)\n\twant \(int, int\)"
	g()              // ERROR "not enough arguments in call to g\n\thave \(\)\n\twant \(<T>\)"
	var i int = g    // no error: it would mention an invalid type
	_ = i
}

func positions(x int) {
	f2(x)     // ERROR "not enough arguments in call to f2"
	f2(x + 1) // ERROR "not enough arguments in call to f2"
}
