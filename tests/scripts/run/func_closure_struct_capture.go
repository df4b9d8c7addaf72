// A closure captures a struct variable and a slice: it sees and makes changes.
package main

type acc struct{ sum, n int }

func main() {
	a := acc{}
	xs := []int{1, 2, 3}
	add := func(v int) {
		a.sum += v
		a.n++
		xs[0] = v
	}
	add(5)
	add(7)
	println(a.sum, a.n, xs[0])
	a = acc{100, 0}
	add(1)
	println(a.sum, a.n)
}

// Output:
// 12 2 7
// 101 1
