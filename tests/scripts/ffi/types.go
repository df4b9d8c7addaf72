// Go: differs: calls C through //gort:extern (Go needs cgo for this)
package main

import "fmt"

//gort:extern libgortffitest.so ft_i8
func i8(x int8) int8

//gort:extern libgortffitest.so ft_i16
func i16(x int16) int16

//gort:extern libgortffitest.so ft_i32
func i32(x int32) int32

//gort:extern libgortffitest.so ft_i64
func i64(x int64) int64

//gort:extern libgortffitest.so ft_i64
func iint(x int) int

//gort:extern libgortffitest.so ft_u8
func u8(x uint8) uint8

//gort:extern libgortffitest.so ft_u16
func u16(x uint16) uint16

//gort:extern libgortffitest.so ft_u32
func u32(x uint32) uint32

//gort:extern libgortffitest.so ft_u64
func u64(x uint64) uint64

//gort:extern libgortffitest.so ft_u64
func uint_(x uint) uint

//gort:extern libgortffitest.so ft_uptr
func uptr(x uintptr) uintptr

//gort:extern libgortffitest.so ft_f32 fast
func f32(x float32) float32

//gort:extern libgortffitest.so ft_f64
func f64(x float64) float64

//gort:extern libgortffitest.so ft_not
func not(b bool) bool

//gort:extern libgortffitest.so ft_mix
func mix(a int8, b uint8, c int16, d uint16, e int32, f uint32, g int64, h uint64,
	i float32, j float64, k bool, l float64, m float32, n int32) float64

//gort:extern libgortffitest.so ft_regs
func regs(a int64, b float64, c int32, d float64, e uint8, f float64, g int16, h float64, i uint64,
	j float64, k int8, l float64, m float64, n float64) float64

//gort:extern libgortffitest.so ft_seven
func seven(a, b, c, d, e, f, g int64) int64

//gort:extern libgortffitest.so ft_neg16 fast
func neg16(x int16) int16

type Celsius float64

//gort:extern libm.so.6 floor
func floor(x Celsius) Celsius

//gort:extern getpid
func getpid() int32

// the Go twins of the C functions
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
	got := mix(-7, 200, -300, 60000, -70000, 4000000000, -1<<40, 1<<50, 0.25, 1.5, true, -2.5, 3.75, -9)
	want := mixGo(-7, 200, -300, 60000, -70000, 4000000000, -1<<40, 1<<50, 0.25, 1.5, true, -2.5, 3.75, -9)
	fmt.Println(got == want, got)
	fmt.Println(regs(-1, 0.5, -3, 0.25, 255, -1.5, -7, 2, 1<<40, 0.125, -128, 3, -4, 1e6))
	fmt.Println(seven(1, 2, 3, 4, 5, 6, -7), neg16(-32768), neg16(300))
}

// Output:
// 127 -1 32767 2147483647 9223372036854775807 0
// 0 128 0 0 0 42
// 4811 3.75 0.25 0.25 false true
// 36 true
// true 8.999526673235974e+15
// 9.89561864978625e+12
// 42 -32768 -300
