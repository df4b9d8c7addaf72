// Captured strings are updated and read through the closure's cell.
package main

func builder() (func(string), func() string) {
	s := ""
	return func(p string) { s = s + p + "," }, func() string { return s }
}

func main() {
	add, get := builder()
	for i := 0; i < 5; i++ {
		add(string(rune('a' + i)))
	}
	println(get(), len(get()))
}

// Output:
// a,b,c,d,e, 10
