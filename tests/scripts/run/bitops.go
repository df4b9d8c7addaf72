// Bitwise operators.
package main

func main() {
	a, b := 0xF0F0, 0x0FF0
	println(a&b, a|b, a^b, a&^b, ^a)
	var u uint8 = 0x0F
	println(^u, u&0x3, u|0x30)
	var s int16 = -1
	println(s & 0x7FFF)
	println(^0, ^uint16(0))
}

// Output:
// 240 65520 65280 61440 -61681
// 240 3 63
// 32767
// -1 65535
