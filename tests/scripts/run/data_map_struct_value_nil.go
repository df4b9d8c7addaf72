// A missing struct value reads as the zero struct.
package main

type P struct {
	Name string
	Tags []string
}

func main() {
	m := map[int]P{}
	p := m[7]
	println(p.Name == "", p.Tags == nil, len(m))
	m[1] = P{"one", []string{"a"}}
	q := m[1]
	q.Tags[0] = "b"
	println(m[1].Tags[0], m[1].Name)
}

// Output:
// true true 0
// b one
