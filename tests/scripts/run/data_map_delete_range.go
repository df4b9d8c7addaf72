// Deleting and adding entries while ranging: every entry present for the
// whole loop is seen exactly once.
package main

func main() {
	m := map[int]int{}
	for i := 0; i < 100; i++ {
		m[i] = i
	}
	seen := map[int]int{}
	for k := range m {
		seen[k]++
		if k%3 == 0 {
			delete(m, k+1)
		}
	}
	twice := 0
	for _, n := range seen {
		if n > 1 {
			twice++
		}
	}
	println(len(m) < 100, twice)
	total := 0
	for k, v := range m {
		if k != v {
			total = -1000
		}
		total += v
	}
	println(total > 0)
}

// Output:
// true 0
// true
