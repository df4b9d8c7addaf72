// A closure captures a variable and keeps it alive after its function returns.
package main

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func main() {
	c := counter()
	d := counter()
	println(c(), c(), c())
	println(d(), c())
}

// Output:
// 1 2 3
// 1 4
