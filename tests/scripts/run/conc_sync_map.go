// sync.Map: Store, Load, LoadOrStore, LoadAndDelete, Delete and Range,
// with keys of several dynamic types.
package main

import (
	"fmt"
	"sync"
)

type point struct{ x, y int }

func main() {
	var m sync.Map
	m.Store("a", 1)
	m.Store(2, "two")
	m.Store(point{1, 2}, []int{3})
	v, ok := m.Load("a")
	fmt.Println(v, ok)
	v, ok = m.Load(point{1, 2})
	fmt.Println(v, ok)
	v, ok = m.Load("missing")
	fmt.Println(v, ok)
	v, loaded := m.LoadOrStore(2, "deux")
	fmt.Println(v, loaded)
	v, loaded = m.LoadOrStore(3, "three")
	fmt.Println(v, loaded)
	v, loaded = m.LoadAndDelete("a")
	fmt.Println(v, loaded)
	v, loaded = m.LoadAndDelete("a")
	fmt.Println(v, loaded)
	m.Delete(3)
	var keys []string
	m.Range(func(k, v any) bool {
		keys = append(keys, fmt.Sprint(k, "=", v))
		return true
	})
	sortStrings(keys)
	fmt.Println(keys)
	count := 0
	m.Range(func(k, v any) bool {
		count++
		return false
	})
	fmt.Println("stopped after", count)
}

// sortStrings: an insertion sort (the test does not depend on package sort)
func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Output:
// 1 true
// [3] true
// <nil> false
// two true
// three false
// 1 true
// <nil> false
// [2=two {1 2}=[3]]
// stopped after 1
