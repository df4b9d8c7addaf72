package main

import (
	"fmt"
	"strconv"
	"strings"
)

type Point struct {
	X, Y int32
	W    float64
}
type Pair struct{ A, B float32 }
type Big struct {
	A, B, C, D int64
	Flag       uint8
}

func ptScale(p Point, k int32) Point { return Point{p.X * k, p.Y * k, p.W * float64(k)} }
func ptSum(p Point) float64          { return float64(p.X) + float64(p.Y) + p.W }
func pairSwap(p Pair) Pair           { return Pair{p.B, p.A} }
func bigMake(b int64) Big            { return Big{b, b + 1, b + 2, b + 3, 1} }
func bigSum(b Big) int64             { return b.A + b.B + b.C + b.D + int64(b.Flag) }
func ptMove(p *Point, dx int32)      { p.X += dx }
func cstrlen(s string) uint64 {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return uint64(i)
	}
	return uint64(len(s))
}
func greet() string { return "hello from C" }
func null() string  { return "" }
func upper(b []byte, n int32) int32 {
	k := int32(0)
	for i := range b[:n] {
		if b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 32
			k++
		}
	}
	return k
}
func sum32(p []int32, n int32) int64 {
	s := int64(0)
	for _, x := range p[:n] {
		s += int64(x)
	}
	return s
}
func sumf64(p []float64, n int32) float64 {
	s := 0.0
	for _, x := range p[:n] {
		s += x
	}
	return s
}
func inc(p *int64) { *p++ }
func strtol(s string, end *uintptr, base int32) int64 {
	s = strings.TrimSpace(s)
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	for i < len(s) && strings.IndexByte("0123456789abcdef"[:base], s[i]) >= 0 {
		i++
	}
	v, _ := strconv.ParseInt(s[:i], int(base), 64)
	return v
}

func main() {
	p := Point{3, -4, 0.5}
	q := ptScale(p, 3)
	fmt.Println(p, q, ptSum(q))
	fmt.Println(pairSwap(Pair{1.25, -2}))
	b := bigMake(10)
	fmt.Printf("%+v %d\n", b, bigSum(b))
	ptMove(&p, 100)
	ptMove(&q, -1)
	fmt.Println(p, q)
	ps := []Point{{1, 2, 3}, {4, 5, 6}}
	ptMove(&ps[1], 10)
	fmt.Println(ps)
	long := strings.Repeat("abc", 400)
	fmt.Println(cstrlen(""), cstrlen("hello"), cstrlen(long), cstrlen("nul\x00inside"))
	g := greet()
	fmt.Printf("%q %d %q\n", g, len(g), null())
	bb := []byte("Hello, World 123")
	n := upper(bb, int32(len(bb)))
	fmt.Println(n, string(bb))
	sub := bb[7:12]
	upper(sub, int32(len(sub)))
	fmt.Println(string(bb))
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
