// Parameters captured by closures live on the heap too.
package main

func acc(start int) (func(int), func() int) {
	return func(d int) { start += d }, func() int { return start }
}

func main() {
	add, get := acc(5)
	add(10)
	add(-3)
	println(get())
}

// Output:
// 12
