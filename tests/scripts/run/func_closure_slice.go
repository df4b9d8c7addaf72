// Closures stored in slices and maps, each with its own captured variable.
package main

func main() {
	var fs []func() int
	for i := 0; i < 4; i++ {
		k := i * i
		fs = append(fs, func() int { return k })
	}
	for _, f := range fs {
		print(f(), " ")
	}
	println()
	m := map[string]func(int) int{
		"double": func(x int) int { return 2 * x },
		"neg":    func(x int) int { return -x },
	}
	println(m["double"](21), m["neg"](5))
}

// Output:
// 0 1 4 9 
// 42 -5
