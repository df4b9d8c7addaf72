// Shifts: signed and unsigned, counts past the width, constant counts.
package main

func main() {
	x := 1
	for s := uint(0); s < 70; s += 13 {
		println(s, x<<s, -8>>s)
	}
	var u uint64 = 1 << 63
	println(u>>1, u>>63, u>>64)
	var i8 int8 = 1
	println(i8<<7, i8<<8)
	var n int8 = -128
	println(n>>1, n>>7, n>>100)
	var b uint8 = 0xF0
	println(b<<2, b>>2)
	var k int = 3
	println(5<<k, 1024>>k)
	var m int32 = -1
	println(uint32(m) >> 28)
}

// Output:
// 0 1 -8
// 13 8192 -1
// 26 67108864 -1
// 39 549755813888 -1
// 52 4503599627370496 -1
// 65 0 -1
// 4611686018427387904 1 0
// -128 0
// -64 -1 -1
// 192 60
// 40 128
// 15
