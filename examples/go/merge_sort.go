// merge_sort: a parallel merge sort. Each call sorts its two halves on
// two goroutines down to a depth, joins them with a sync.WaitGroup and
// merges; below the depth (or for short slices) it recurses serially, so
// the number of goroutines stays small while all cores are busy.
//
//	scripts/run merge_sort.go
package main

import (
	"fmt"
	"sync"
)

func merge(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] <= b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

func mergeSort(s []int, depth int) []int {
	if len(s) <= 1 {
		return s
	}
	mid := len(s) / 2
	var left, right []int
	if depth > 0 && len(s) > 1000 {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { left = mergeSort(s[:mid], depth-1); wg.Done() }()
		go func() { right = mergeSort(s[mid:], depth-1); wg.Done() }()
		wg.Wait()
	} else {
		left, right = mergeSort(s[:mid], 0), mergeSort(s[mid:], 0)
	}
	return merge(left, right)
}

func main() {
	const n = 200000
	s := make([]int, n)
	seed := uint32(2024)
	for i := range s {
		seed = seed*1664525 + 1013904223
		s[i] = int(seed >> 8 % 1000000)
	}
	sorted := mergeSort(s, 3)
	ok := len(sorted) == n
	for i := 1; i < len(sorted); i++ {
		if sorted[i-1] > sorted[i] {
			ok = false
		}
	}
	sum1, sum2 := 0, 0
	for i := range s {
		sum1 += s[i]
		sum2 += sorted[i]
	}
	fmt.Println("sorted", n, "numbers:", ok, "same elements:", sum1 == sum2)
	fmt.Println("smallest:", sorted[0], "largest:", sorted[n-1], "median:", sorted[n/2])
}

// Output:
// sorted 200000 numbers: true same elements: true
// smallest: 0 largest: 999993 median: 490253
