// Division and remainder: truncation, signs, the MinInt / -1 cases.
package main

func div(a, b int64) (int64, int64) { return a / b, a % b }

func main() {
	q, r := div(7, 2)
	println(q, r)
	q, r = div(-7, 2)
	println(q, r)
	q, r = div(7, -2)
	println(q, r)
	q, r = div(-7, -2)
	println(q, r)
	min := int64(-9223372036854775808)
	m1 := int64(-1)
	println(min/m1, min%m1)
	var a int8 = -128
	var b int8 = -1
	println(a/b, a%b)
	var c int32 = -2147483648
	var d int32 = -1
	println(c/d, c%d)
	var u uint8 = 250
	var v uint8 = 7
	println(u/v, u%v)
	var w uint64 = 18446744073709551615
	println(w/10, w%10)
}

// Output:
// 3 1
// -3 -1
// -3 1
// 3 -1
// -9223372036854775808 0
// -128 0
// -2147483648 0
// 35 5
// 1844674407370955161 5
