// A variadic ...interface{} parameter boxes each argument.
package main

func describe(xs ...interface{}) int {
	n := 0
	for _, x := range xs {
		switch x.(type) {
		case int:
			n += 1
		case string:
			n += 100
		}
	}
	return n
}

func main() {
	println(describe(1, "a", 2, "b", 3.5))
	args := []interface{}{"x", 1}
	println(describe(args...))
	println(describe())
}

// Output:
// 202
// 101
// 0
