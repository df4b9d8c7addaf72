// Constants: typed, untyped, iota, big intermediate values.
package main

const (
	A = iota * 10
	B
	C
	_
	E
)

const big = 1 << 100
const small = big >> 98
const pi = 3.14159265358979323846

type weekday int

const (
	sunday weekday = iota
	monday
)

func main() {
	println(A, B, C, E)
	println(small)
	println(pi, float32(pi))
	println(monday, sunday)
	const s = "con" + "cat"
	println(s, len(s))
	var d weekday = monday + 1
	println(d)
	const max = 9223372036854775807
	println(max, uint64(max)+1)
	println('a', 'a'+1, string(rune('a'+1)))
}

// Output:
// 0 10 20 40
// 4
// +3.141593e+000 +3.141593e+000
// 1 0
// concat 6
// 2
// 9223372036854775807 9223372036854775808
// 97 98 b
