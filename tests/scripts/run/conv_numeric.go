// Numeric conversions: truncation toward zero, wrap-around of integer
// narrowing, sign extension, and float32 rounding.
package main

import "fmt"

func main() {
	f := -3.99
	big := 300
	neg := -1
	var u32 uint32 = 0xFFFFFFFF
	fmt.Println(int(f), int8(big), uint8(big), uint16(neg), int64(int32(u32)))
	fmt.Println(uint64(neg), int32(int64(big)<<40+5), float32(0.1) == 0.1, float64(float32(0.1)))
	fmt.Println(string(rune(65)), string(rune(0x4e16)), []byte("é"), int('é'))
	var x uint8 = 250
	x += 10
	var y int16 = 32767
	y++
	fmt.Println(x, y, ^0, ^uint8(1), -(-128))
}

// Output:
// -3 44 44 65535 -1
// 18446744073709551615 5 true 0.10000000149011612
// A 世 [195 169] 233
// 4 -32768 -1 254 128
