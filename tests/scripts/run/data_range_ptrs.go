// The range value is a copy; change elements through the index or a
// pointer.
package main

type T struct {
	N int
}

func main() {
	ts := []T{{1}, {2}, {3}}
	for _, t := range ts {
		t.N *= 10
	}
	println(ts[0].N)
	for i := range ts {
		ts[i].N *= 10
	}
	println(ts[0].N, ts[2].N)
	ps := []*T{}
	for i := range ts {
		ps = append(ps, &ts[i])
	}
	for _, p := range ps {
		p.N++
	}
	println(ts[1].N)
}

// Output:
// 1
// 10 30
// 21
