// Golden errors: array lengths. A name must denote a constant; the value
// must be a constant that fits an int, and must not be negative.

package main

const big = 1 << 70

var v = 3

type (
	A1 [1.5]int     // ERROR "array length 1.5 \(untyped float constant\) must be integer"
	A2 ["abc"]int   // ERROR "array length .abc. \(untyped string constant\) must be integer"
	A3 [nil]int     // ERROR "invalid array length nil"
	A4 [nosuch]int  // ERROR "undeclared name nosuch for array length"
	A5 [big]int     // ERROR "array length big \(untyped int constant 1180591620717411303424\) must be integer"
	A6 [v]int       // ERROR "invalid array length v"
	A7 [-1]int      // ERROR "invalid array length -1 \(untyped int constant\)"
	A8 [len(s)]int  // ERROR "array length len\(s\) \(value of type int\) must be constant"
	A9 [2 * 3]int
)

var s []int

func main() {}
