// Golden errors: declarations (redeclaration, cycles, unused variables).
// Each ERROR comment holds regexps that must match errors reported on its
// line (Go's errorcheck rule); tests/gosuite/gosuite judges this file.

package main

type T struct{ a int }
type T int // ERROR "T redeclared in this block"

type R struct { // ERROR "invalid recursive type R"
	r R
}

type A [2]A // ERROR "invalid recursive type A"

var x = y // ERROR "initialization loop for x"
var y = x

const c = c // ERROR "initialization loop for c"

type S struct {
	f int
	f string // ERROR "f redeclared"
}

type I interface {
	M()
	M() // ERROR "duplicate method M"
}

func (T) a() {} // ERROR "field and method with the same name a"

func (int) Q() {} // ERROR "cannot define new methods on non-local type int"

type P *int

func (P) Z() {} // ERROR "invalid receiver type P \(pointer or interface type\)"

var m map[[]int]int // ERROR "invalid map key type \[\]int"

func g(a ...int, b int) {} // ERROR "can only use ... with final parameter in list"

func h(i, i int) {} // ERROR "i redeclared in this block"

func main() {
	v := 1 // ERROR "v declared but not used"
	var w int // ERROR "w declared but not used"
	var _ [...]int // ERROR "invalid use of \[...\] array \(outside a composite literal\)"
	var q comparable // ERROR "cannot use type comparable outside a type constraint"
	_ = q
	const k = iota
	_ = iota // ERROR "cannot use iota outside constant declaration"
}

// Cycles through type names: fine through a pointer, invalid by value.
type N1 struct{ next *N2 }
type N2 N3
type N3 N1

type V1 struct{ v V2 } // ERROR "invalid recursive type V1"
type V2 V3
type V3 V1

type W1 [2]W2 // ERROR "invalid recursive type W1"
type W2 W3
type W3 W1
