// op= assignment for every operator.
package main

func main() {
	x := 100
	x += 5
	x -= 3
	x *= 2
	x /= 4
	x %= 7
	println(x)
	y := 0xFF
	y &= 0x0F
	y |= 0x30
	y ^= 0x01
	y &^= 0x10
	y <<= 2
	y >>= 1
	println(y)
	s := "a"
	s += "b"
	s += s
	println(s)
	f := 1.0
	f /= 4
	f *= 3
	println(f)
}

// Output:
// 2
// 92
// abab
// +7.500000e-001
