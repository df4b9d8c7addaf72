// Booleans, short circuits and their side effects.
package main

var calls int

func t(s string) bool {
	calls++
	print(s, " ")
	return true
}

func f(s string) bool {
	calls++
	print(s, " ")
	return false
}

func main() {
	println(t("a") && f("b"))
	println(f("a") && t("b"))
	println(t("a") || f("b"))
	println(f("a") || t("b"))
	println(!t("x") || (f("y") && t("z")))
	b := 3 > 2 && 2 > 1
	println(b, !b, b == true, b != b)
	println(calls)
}

// Output:
// a b false
// a false
// a true
// a b true
// x y false
// true false true false
// 8
