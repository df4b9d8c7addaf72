// Dispatching through function values chosen at run time.
package main

func add(a, b int) int { return a + b }
func sub(a, b int) int { return a - b }
func mul(a, b int) int { return a * b }

func get(op byte) func(int, int) int {
	switch op {
	case '+':
		return add
	case '-':
		return sub
	case '*':
		return mul
	}
	return nil
}

func main() {
	ops := "+-*"
	for i := 0; i < len(ops); i++ {
		println(string(ops[i]), get(ops[i])(7, 3))
	}
	println(get('/') == nil)
}

// Output:
// + 10
// - 4
// * 21
// true
