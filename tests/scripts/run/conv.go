// Numeric conversions.
package main

func main() {
	var i int = 300
	println(int8(i), uint8(i), int16(i), uint16(i))
	var n int = -1
	println(uint8(n), uint16(n), uint32(n), uint64(n), uint(n))
	f := 3.99
	println(int(f), int(-f), int64(f*100))
	println(float64(i)/7, float32(i)/7)
	var u uint64 = 18446744073709551615
	println(float64(u))
	var b byte = 200
	println(int(b)+100, b+100)
	var r rune = 'x'
	println(r, string(r), string(rune(0x4e16)))
	var big float64 = 1e10
	println(uint32(int64(big)))
}

// Output:
// 44 44 300 300
// 255 65535 4294967295 18446744073709551615 18446744073709551615
// 3 -3 399
// +4.285714e+001 +4.285714e+001
// +1.844674e+019
// 300 44
// 120 x 世
// 1410065408
