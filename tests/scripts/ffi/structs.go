// Go: differs: calls C through //gort:extern (Go needs cgo for this)
package main

import "fmt"

type Point struct {
	X, Y int32
	W    float64
}

type Pair struct{ A, B float32 }

type Big struct {
	A, B, C, D int64
	Flag       uint8
}

//gort:extern libgortffitest.so ft_pt_scale
func ptScale(p Point, k int32) Point

//gort:extern libgortffitest.so ft_pt_sum
func ptSum(p Point) float64

//gort:extern libgortffitest.so ft_pair_swap
func pairSwap(p Pair) Pair

//gort:extern libgortffitest.so ft_big_make
func bigMake(base int64) Big

//gort:extern libgortffitest.so ft_big_sum
func bigSum(b Big) int64

//gort:extern libgortffitest.so ft_pt_move
func ptMove(p *Point, dx int32)

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
}

// Output:
// {3 -4 0.5} {9 -12 1.5} -1.5
// {-2 1.25}
// {A:10 B:11 C:12 D:13 Flag:1} 47
// {103 -4 0.5} {8 -12 1.5}
// [{1 2 3} {14 5 6}]
