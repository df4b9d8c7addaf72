// Function values compare only with nil.
package main

func pick(b bool) func() string {
	if b {
		return func() string { return "yes" }
	}
	return nil
}

func main() {
	f := pick(true)
	g := pick(false)
	println(f == nil, g == nil, f != nil, g != nil)
	if f != nil {
		println(f())
	}
	var h func()
	println(h == nil)
	h = func() {}
	println(h == nil)
}

// Output:
// false true true false
// yes
// true
// false
