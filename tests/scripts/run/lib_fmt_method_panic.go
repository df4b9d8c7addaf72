// A String or Error method that panics does not end the program: fmt
// prints "<nil>" for a nil pointer receiver and the panic otherwise, as
// Go's catchPanic does.
package main

import (
	"fmt"
)

type node struct {
	name string
	next *node
}

func (n *node) String() string { return n.name + "->" + n.next.name }

type bomb int

func (b bomb) String() string {
	if b < 0 {
		panic("negative bomb")
	}
	if b == 0 {
		panic("zero bomb")
	}
	return fmt.Sprintf("bomb%d", int(b))
}

type failing struct{}

func (failing) Error() string {
	var m map[string]int
	m["x"] = 1
	return "unreachable"
}

type idx []int

func (s idx) String() string { return fmt.Sprint(s[5]) }

func main() {
	var n *node
	fmt.Println(n)
	fmt.Printf("[%v] [%8s] [%-6v] [%.2v]\n", n, n, n, n)
	a := &node{name: "a"}
	fmt.Println(a)
	fmt.Printf("%s|%d\n", a, 7)
	fmt.Println(bomb(2), bomb(-1), bomb(0))
	fmt.Printf("%5v|%x|%q\n", bomb(-1), bomb(3), bomb(-2))
	fmt.Println(failing{})
	var err error = failing{}
	fmt.Printf("%v\n", err)
	s := fmt.Sprint(idx{1, 2})
	fmt.Println(s)
	fmt.Println([]bomb{1, -1}, map[string]*node{"k": nil})
	fmt.Println("still running")
}

// Output:
// <nil>
// [<nil>] [<nil>] [<nil>] [<nil>]
// %!v(PANIC=String method: runtime error: invalid memory address or nil pointer dereference)
// %!s(PANIC=String method: runtime error: invalid memory address or nil pointer dereference)|7
// bomb2 %!v(PANIC=String method: negative bomb) %!v(PANIC=String method: zero bomb)
// %!v(PANIC=String method: negative bomb)|626f6d6233|%!q(PANIC=String method: negative bomb)
// %!v(PANIC=Error method: assignment to entry in nil map)
// %!v(PANIC=Error method: assignment to entry in nil map)
// %!v(PANIC=String method: runtime error: index out of range [5] with length 2)
// [bomb1 %!v(PANIC=String method: negative bomb)] map[k:<nil>]
// still running
