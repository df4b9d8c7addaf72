// Go: differs: calls C through //gort:extern (Go needs cgo for this)
package main

import (
	"fmt"
	"strings"
)

//gort:extern libgortffitest.so ft_strlen
func cstrlen(s string) uint64

//gort:extern libgortffitest.so ft_greet
func greet() string

//gort:extern libgortffitest.so ft_null
func null() string

//gort:extern libgortffitest.so ft_upper
func upper(b []byte, n int32) int32

//gort:extern libgortffitest.so ft_sum32
func sum32(p []int32, n int32) int64

//gort:extern libgortffitest.so ft_sumf64
func sumf64(p []float64, n int32) float64

//gort:extern libgortffitest.so ft_inc
func inc(p *int64)

//gort:extern libc.so.6 strtol
func strtol(s string, end *uintptr, base int32) int64

func main() {
	long := strings.Repeat("abc", 400)
	fmt.Println(cstrlen(""), cstrlen("hello"), cstrlen(long), cstrlen("nul\x00inside"))
	g := greet()
	fmt.Printf("%q %d %q\n", g, len(g), null())
	b := []byte("Hello, World 123")
	n := upper(b, int32(len(b)))
	fmt.Println(n, string(b))
	sub := b[7:12]
	upper(sub, int32(len(sub)))
	fmt.Println(string(b))
	var empty []byte
	fmt.Println(upper(empty, 0))
	xs := []int32{1, -2, 3, 2147483647, 2147483647}
	fmt.Println(sum32(xs, int32(len(xs))), sum32(xs[1:3], 2))
	fmt.Println(sumf64([]float64{0.5, 0.25, 0.125}, 3))
	var v int64 = 41
	inc(&v)
	h := new(int64)
	inc(h)
	inc(h)
	fmt.Println(v, *h)
	fmt.Println(strtol("  -12345xyz", nil, 10), strtol("ff", nil, 16))
}

// Output:
// 0 5 1200 3
// "hello from C" 12 ""
// 8 HELLO, WORLD 123
// HELLO, WORLD 123
// 0
// 4294967296 1
// 0.875
// 42 2
// -12345 255
