// Generated from tests/bench/vm/binarytrees.go (its main renamed main_binarytrees):
// the compiled-Go twin of bench_vm_progs' prog row.
package main

// binary-trees, depth 16 (the Benchmarks Game's program, sequential):
// allocation of many small objects and the collector.

type Node struct {
	left, right *Node
}

func bottomUp(depth int) *Node {
	if depth <= 0 {
		return &Node{}
	}
	return &Node{bottomUp(depth - 1), bottomUp(depth - 1)}
}

func check(n *Node) int {
	if n.left == nil {
		return 1
	}
	return 1 + check(n.left) + check(n.right)
}

func main_binarytrees() {
	n := 16
	minDepth := 4
	maxDepth := n
	if minDepth+2 > n {
		maxDepth = minDepth + 2
	}
	stretch := maxDepth + 1
	println("stretch tree of depth", stretch, "\t check:", check(bottomUp(stretch)))
	long := bottomUp(maxDepth)
	for d := minDepth; d <= maxDepth; d += 2 {
		iters := 1 << uint(maxDepth-d+minDepth)
		c := 0
		for i := 0; i < iters; i++ {
			c += check(bottomUp(d))
		}
		println(iters, "\t trees of depth", d, "\t check:", c)
	}
	println("long lived tree of depth", maxDepth, "\t check:", check(long))
}
