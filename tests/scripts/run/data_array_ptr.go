// Pointers to arrays: indexing, len, range and slicing through them.
package main

func fill(p *[6]int) {
	for i := range p {
		p[i] = i * 3
	}
}

func main() {
	var a [6]int
	fill(&a)
	p := &a
	println(len(p), p[5], a[4])
	s := p[2:4]
	s[0] = -1
	println(a[2], len(s), cap(s))
	sum := 0
	for _, v := range p {
		sum += v
	}
	println(sum)
	t := a[:]
	t[5] = 0
	println(a[5], len(t))
}

// Output:
// 6 15 12
// -1 2 4
// 38
// 0 6
