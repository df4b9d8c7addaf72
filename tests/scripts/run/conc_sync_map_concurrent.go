// sync.Map shared by goroutines writing disjoint keys and reading all.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var m sync.Map
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			for i := 0; i < 100; i++ {
				m.Store(g*1000+i, g)
			}
			wg.Done()
		}(g)
	}
	wg.Wait()
	var hits [8]int
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			for i := 0; i < 800; i++ {
				k := (i%8)*1000 + i/8
				if v, ok := m.Load(k); ok && v.(int) == i%8 {
					hits[g]++
				}
			}
			wg.Done()
		}(g)
	}
	wg.Wait()
	n := 0
	m.Range(func(k, v any) bool { n++; return true })
	fmt.Println("entries:", n, "hits:", hits)
	counts := map[int]int{}
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			for i := 0; i < 50; i++ {
				m.LoadOrStore("shared", i)
			}
			wg.Done()
		}()
	}
	wg.Wait()
	v, _ := m.Load("shared")
	counts[v.(int)]++
	fmt.Println("shared is set:", len(counts) == 1)
}

// Output:
// entries: 800 hits: [800 800 800 800 800 800 800 800]
// shared is set: true
