// Comparing an interface with a concrete value and with nil.
package main

type K struct{ a, b int }

func main() {
	var x interface{} = K{1, 2}
	println(x == K{1, 2}, x == K{2, 1})
	var e error
	println(e == nil)
	var s interface{} = "go"
	println(s == "go", s != "go", s == nil)
	var p *K
	x = p
	println(x == nil, p == nil)
}

// Output:
// true false
// true
// true false false
// false true
