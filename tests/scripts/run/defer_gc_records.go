// Deferred calls whose arguments and closures hold the only references
// to heap data survive collections while they wait (the records are
// scanned precisely through the goroutine's VM frames), under a
// collection at every allocation and the checkmark verifier.
// Env: GODEBUG=gccheckmark=1,gcstress=1
package main

import (
	"fmt"
	"runtime"
	"strings"
)

type node struct {
	name string
	next *node
}

func build(n int) *node {
	var l *node
	for i := 0; i < n; i++ {
		l = &node{name: strings.Repeat("x", i+1), next: l}
	}
	return l
}

func length(l *node) int {
	n := 0
	for ; l != nil; l = l.next {
		n += len(l.name)
	}
	return n
}

func work(k int) (total int) {
	for i := 0; i < k; i++ {
		l := build(i + 3)
		s := []string{fmt.Sprint("s", i), strings.Repeat("y", i)}
		defer func(l *node, s []string) {
			total += length(l) + len(s[0]) + len(s[1])
		}(l, s)
		j := i
		m := map[int]*node{j: build(2)}
		defer func() { total += len(m[j].name) }()
		runtime.GC()
	}
	for i := 0; i < 50; i++ {
		_ = build(4)
	}
	return 0
}

func main() {
	fmt.Println(work(6))
	func() {
		defer func() {
			r := recover()
			runtime.GC()
			fmt.Println("recovered:", r)
		}()
		l := build(5)
		defer fmt.Println("list length", length(l))
		panic(fmt.Sprint("with list ", length(l)))
	}()
}

// Output:
// 155
// list length 15
// recovered: with list 15
