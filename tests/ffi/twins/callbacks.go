package main

import (
	"fmt"
	"sort"
)

func qsort(base []int32, n uintptr, size uintptr, cmp func(a, b *int32) int32) {
	sort.SliceStable(base[:n], func(i, j int) bool { return cmp(&base[i], &base[j]) < 0 })
}
func qsortf(base []float64, n uintptr, size uintptr, cmp func(a, b *float64) int32) {
	sort.SliceStable(base[:n], func(i, j int) bool { return cmp(&base[i], &base[j]) < 0 })
}
func apply(f func(int32) int32, x int32) int32                   { return f(x) + f(x+1) }
func applyf(f func(float64, float32) float64, x float64) float64 { return f(x, 0.5) }
func byValue(a, b *int32) int32                                  { return *a - *b }

type order struct{ sign int32 }

func (o order) cmp(a, b *int32) int32 { return (*a - *b) * o.sign }

func main() {
	xs := []int32{5, -3, 9, 0, 2147483647, -2147483648, 7, 7, 1}
	calls := 0
	qsort(xs, uintptr(len(xs)), 4, func(a, b *int32) int32 {
		calls++
		if *a < *b {
			return -1
		}
		if *a > *b {
			return 1
		}
		return 0
	})
	fmt.Println(xs, calls > 0)
	// descending, by a closure over a direction
	dir := int32(-1)
	qsort(xs, uintptr(len(xs)), 4, func(a, b *int32) int32 {
		if *a < *b {
			return -dir
		}
		if *a > *b {
			return dir
		}
		return 0
	})
	fmt.Println(xs)
	fs := []float64{2.5, -1, 1e9, 0.125}
	qsortf(fs, 4, 8, func(a, b *float64) int32 {
		if *a < *b {
			return -1
		}
		if *a > *b {
			return 1
		}
		return 0
	})
	fmt.Println(fs)
	k := int32(10)
	fmt.Println(apply(func(x int32) int32 { return x * k }, 4))
	fmt.Println(applyf(func(x float64, y float32) float64 { return x + float64(y) }, 2))
	// a callback that calls C again
	fmt.Println(apply(func(x int32) int32 { return apply(func(y int32) int32 { return y + 1 }, x) }, 1))
	// a top-level function and a method value as callbacks
	ys := []int32{30, 10, 20}
	qsort(ys, 3, 4, byValue)
	fmt.Println(ys)
	qsort(ys, 3, 4, order{-1}.cmp)
	fmt.Println(ys)
}
