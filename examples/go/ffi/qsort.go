// qsort: C's qsort sorting a Go slice with a Go comparison function. The
// slice passes as a pointer to its first element (pinned for the call);
// the func value becomes a libffi closure that C calls like any function
// pointer, and each call runs the Go function on this goroutine.
//
//	scripts/run ffi/qsort.go
package main

import "fmt"

type rec struct {
	key   int32
	score float64
}

//gort:extern libc.so.6 qsort
func qsortInts(base []int64, n, size uintptr, cmp func(a, b *int64) int32)

//gort:extern libc.so.6 qsort
func qsortRecs(base []rec, n, size uintptr, cmp func(a, b *rec) int32)

func main() {
	xs := []int64{42, -7, 19, 0, 1 << 40, 3, 3, -1 << 33}
	compares := 0
	qsortInts(xs, uintptr(len(xs)), 8, func(a, b *int64) int32 {
		compares++
		switch {
		case *a < *b:
			return -1
		case *a > *b:
			return 1
		}
		return 0
	})
	fmt.Println(xs, "after", compares, "comparisons")

	rs := []rec{{1, 0.5}, {2, 9.25}, {3, -1}, {4, 9.25}, {5, 3}}
	// by score, descending; ties by key
	qsortRecs(rs, uintptr(len(rs)), 16, func(a, b *rec) int32 {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	for _, r := range rs {
		fmt.Printf("%d %5.2f\n", r.key, r.score)
	}
}
