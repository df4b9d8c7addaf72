package main

import (
	"fmt"
	"math"
	"os"
)

func i8(x int8) int8         { return x - 1 }
func i16(x int16) int16      { return x - 1 }
func i32(x int32) int32      { return x - 1 }
func i64(x int64) int64      { return x - 1 }
func iint(x int) int         { return x - 1 }
func u8(x uint8) uint8       { return x + 1 }
func u16(x uint16) uint16    { return x + 1 }
func u32(x uint32) uint32    { return x + 1 }
func u64(x uint64) uint64    { return x + 1 }
func uint_(x uint) uint      { return x + 1 }
func uptr(x uintptr) uintptr { return x ^ 0xff }
func f32(x float32) float32  { return x * 2.5 }
func f64(x float64) float64  { return x * 2.5 }
func not(b bool) bool        { return !b }
func regs(a int64, b float64, c int32, d float64, e uint8, f float64, g int16, h float64, i uint64,
	j float64, k int8, l float64, m float64, n float64) float64 {
	return float64(a) + 2*b + 3*float64(c) + 4*d + 5*float64(e) + 6*f + 7*float64(g) + 8*h + 9*float64(i) + 10*j +
		11*float64(k) + 12*l + 13*m + 14*n
}
func seven(a, b, c, d, e, f, g int64) int64 { return a + 2*b + 3*c + 4*d + 5*e + 6*f + 7*g }
func neg16(x int16) int16                   { return -x }

type Celsius float64

func floor(x Celsius) Celsius { return Celsius(math.Floor(float64(x))) }
func getpid() int32           { return int32(os.Getpid()) }
func mixGo(a int8, b uint8, c int16, d uint16, e int32, f uint32, g int64, h uint64,
	i float32, j float64, k bool, l float64, m float32, n int32) float64 {
	kk := 0.0
	if k {
		kk = 11
	}
	return float64(a) + 2*float64(b) + 3*float64(c) + 4*float64(d) + 5*float64(e) + 6*float64(f) +
		7*float64(g) + 8*float64(h) + 9*float64(i) + 10*j + kk + 12*l + 13*float64(m) + 14*float64(n)
}
func main() {
	fmt.Println(i8(-128), i8(0), i16(-32768), i32(-2147483648), i64(-9223372036854775808), iint(1))
	fmt.Println(u8(255), u8(127), u16(65535), u32(4294967295), u64(18446744073709551615), uint_(41))
	fmt.Println(uptr(0x1234), f32(1.5), f32(0.1), f64(0.1), not(true), not(false))
	fmt.Println(floor(Celsius(36.6)), getpid() > 0)
	want := mixGo(-7, 200, -300, 60000, -70000, 4000000000, -1<<40, 1<<50, 0.25, 1.5, true, -2.5, 3.75, -9)
	fmt.Println(true, want)
	fmt.Println(regs(-1, 0.5, -3, 0.25, 255, -1.5, -7, 2, 1<<40, 0.125, -128, 3, -4, 1e6))
	fmt.Println(seven(1, 2, 3, 4, 5, 6, -7), neg16(-32768), neg16(300))
}
