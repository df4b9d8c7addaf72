// Cancellation propagates down a tree of contexts, never up: canceling
// a middle node cancels its subtree, the root and the sibling stay live.
package main

import (
	"context"
	"fmt"
)

func state(name string, ctx context.Context) {
	select {
	case <-ctx.Done():
		fmt.Println(name, "canceled:", ctx.Err())
	default:
		fmt.Println(name, "live")
	}
}

func main() {
	root, cancelRoot := context.WithCancel(context.Background())
	a, cancelA := context.WithCancel(root)
	b, cancelB := context.WithCancel(root)
	a1, cancelA1 := context.WithCancel(a)
	a2 := context.WithValue(a, "k", "v")
	a2x, cancelA2x := context.WithCancel(a2)
	cancelA()
	for _, n := range []struct {
		name string
		ctx  context.Context
	}{{"root", root}, {"a", a}, {"b", b}, {"a1", a1}, {"a2", a2}, {"a2x", a2x}} {
		state(n.name, n.ctx)
	}
	late, cancelLate := context.WithCancel(a)
	state("child made after cancel", late)
	cancelRoot()
	state("b after root", b)
	cancelB()
	cancelA1()
	cancelA2x()
	cancelLate()
	fmt.Println(a2x.Value("k"))
}

// Output:
// root live
// a canceled: context canceled
// b live
// a1 canceled: context canceled
// a2 canceled: context canceled
// a2x canceled: context canceled
// child made after cancel canceled: context canceled
// b after root canceled: context canceled
// v
