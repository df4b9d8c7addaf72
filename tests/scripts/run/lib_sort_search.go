package main

import (
	"fmt"
	"sort"
)

func main() {
	i := sort.Search(100, func(i int) bool { return i*i >= 50 })
	fmt.Println(i)
	a := []int{1, 3, 6, 10, 15, 21, 28, 36, 45, 55}
	x := 6
	j := sort.Search(len(a), func(i int) bool { return a[i] >= x })
	fmt.Println(j, a[j])
	fmt.Println(sort.Search(0, func(int) bool { return true }))
	calls := 0
	sort.Search(1000, func(i int) bool { calls++; return i >= 777 })
	fmt.Println(calls)
	k, found := sort.Find(len(a), func(i int) int { return 21 - a[i] })
	fmt.Println(k, found)
	k, found = sort.Find(len(a), func(i int) int { return 22 - a[i] })
	fmt.Println(k, found)
}

// Output:
// 8
// 2 6
// 0
// 10
// 5 true
// 6 false
