// Address-taken package-level variables and pointers kept in globals.
package main

var total int
var name = "gort"
var last *int

func add(p *int, v int) {
	*p += v
}

func main() {
	for i := 1; i <= 10; i++ {
		add(&total, i)
	}
	println(total)
	pn := &name
	*pn += "!"
	println(name)
	v := 42
	last = &v
	v++
	println(*last)
}

// Output:
// 55
// gort!
// 43
