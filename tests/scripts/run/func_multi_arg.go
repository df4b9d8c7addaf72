// f(g()) passes a multi-valued call's results as the arguments.
package main

func pair() (int, string) { return 7, "seven" }

func show(n int, s string) {
	println(n, s)
}

func divmod(a, b int) (int, int) { return a / b, a % b }

func add(a, b int) int { return a + b }


func main() {
	show(pair())
	println(add(divmod(17, 5)))
	f := func(a, b int) int { return a * b }
	println(f(divmod(9, 2)))
}

// Output:
// 7 seven
// 5
// 4
