// binary-trees (depth 10): allocation of small structs.
package main

type Tree struct {
	L, R *Tree
}

func bottomUp(d int) *Tree {
	if d <= 0 {
		return &Tree{}
	}
	return &Tree{bottomUp(d - 1), bottomUp(d - 1)}
}


func check(t *Tree) int {
	if t.L == nil {
		return 1
	}
	return 1 + check(t.L) + check(t.R)
}

func main() {
	maxDepth := 10
	long := bottomUp(maxDepth)
	for d := 4; d <= maxDepth; d += 2 {
		iters := 1 << uint(maxDepth-d+4)
		c := 0
		for i := 0; i < iters; i++ {
			c += check(bottomUp(d))
		}
		println(iters, d, c)
	}
	println(check(long))
}

// Output:
// 1024 4 31744
// 256 6 32512
// 64 8 32704
// 16 10 32752
// 2047
