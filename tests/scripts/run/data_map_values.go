// Map values of slice and struct types: read, replace, append.
package main

type Stat struct {
	Count int
	Max   int
}

func main() {
	groups := map[string][]int{}
	for i := 0; i < 10; i++ {
		k := "odd"
		if i%2 == 0 {
			k = "even"
		}
		groups[k] = append(groups[k], i)
	}
	println(len(groups["even"]), groups["odd"][4])
	stats := map[string]Stat{}
	for _, v := range []int{3, 9, 2} {
		s := stats["x"]
		s.Count++
		if v > s.Max {
			s.Max = v
		}
		stats["x"] = s
	}
	println(stats["x"].Count, stats["x"].Max)
	ptrs := map[int]*Stat{}
	ptrs[1] = &Stat{}
	ptrs[1].Count += 5
	println(ptrs[1].Count)
}

// Output:
// 5 9
// 3 9
// 5
