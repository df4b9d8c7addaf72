// Function values in package-level variables, initialised and reassigned.
package main

var op func(int, int) int = add
var hook func(string)

func add(a, b int) int { return a + b }
func sub(a, b int) int { return a - b }

func main() {
	println(op(5, 3))
	op = sub
	println(op(5, 3))
	op = func(a, b int) int { return a * b }
	println(op(5, 3))
	if hook == nil {
		println("no hook")
	}
	hook = func(s string) { println("hook:", s) }
	if hook != nil {
		hook("set")
	}
}

// Output:
// 8
// 2
// 15
// no hook
// hook: set
