// Golden errors: initialization loops through function and method bodies.
// A variable may not depend on itself, directly or through the functions,
// methods, method values and closures its initializer uses; recursion
// among functions alone is fine.

package main

func fx() int {
	_ = x
	return 0
}

var x = fx() // ERROR "initialization loop for x"

type T int

func (T) m() int {
	_ = mv
	return 0
}

func (*T) pm() int {
	_ = pc
	return 0
}

var mv = T.m // ERROR "initialization loop for mv"

var (
	p  *T
	pc = p.pm() // ERROR "initialization loop for pc"
)

var lit = func() int { return g1() } // ERROR "initialization loop for lit"

func g1() int { return g2() }
func g2() int { _ = lit; return g1() }

// Mutual recursion without a variable on the cycle is no loop.
func even(n int) bool { return n == 0 || odd(n-1) }
func odd(n int) bool  { return n != 0 && even(n-1) }

var ok = even(4)

var a, b = pair() // ERROR "initialization loop for b"

func pair() (int, int) { return b, 1 }

func main() {}
