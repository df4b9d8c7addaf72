// Parallel merge sort: halves sorted on their own goroutines down to a
// depth, joined with a WaitGroup.
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

func sort(s []int, depth int) []int {
	if len(s) <= 1 {
		return s
	}
	m := len(s) / 2
	var l, r []int
	if depth > 0 {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { l = sort(s[:m], depth-1); wg.Done() }()
		go func() { r = sort(s[m:], depth-1); wg.Done() }()
		wg.Wait()
	} else {
		l, r = sort(s[:m], 0), sort(s[m:], 0)
	}
	return merge(l, r)
}

func main() {
	s := make([]int, 20000)
	x := uint32(12345)
	for i := range s {
		x = x*1103515245 + 12345
		s[i] = int(x>>16) % 100000
	}
	out := sort(s, 4)
	ok := true
	for i := 1; i < len(out); i++ {
		if out[i-1] > out[i] {
			ok = false
		}
	}
	fmt.Println(len(out), ok, out[0], out[len(out)-1])
}

// Output:
// 20000 true 0 65535
