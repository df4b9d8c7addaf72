// Two closures share one captured variable; the enclosing function sees their writes.
package main

func main() {
	x := 10
	inc := func() { x++ }
	get := func() int { return x }
	inc()
	inc()
	println(get(), x)
	x = 100
	println(get())
}

// Output:
// 12 12
// 100
