// A nil map reads as empty; delete on it does nothing.
package main

func main() {
	var m map[int]string
	v, ok := m[1]
	println(v == "", ok, len(m), m == nil)
	delete(m, 1)
	for k := range m {
		println(k)
	}
	m = map[int]string{}
	println(m == nil)
}

// Output:
// true false 0 true
// false
