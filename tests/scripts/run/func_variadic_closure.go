// Variadic function values and variadic closures.
package main

func main() {
	join := func(sep string, parts ...string) string {
		r := ""
		for i, p := range parts {
			if i > 0 {
				r += sep
			}
			r += p
		}
		return r
	}
	println(join(", ", "a", "b", "c"))
	var f func(string, ...string) string = join
	println(f("-"), f("-", "x"), f("+", []string{"p", "q"}...))
}

// Output:
// a, b, c
//  x p+q
