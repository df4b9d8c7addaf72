// A recursive method on a pointer type (a binary tree) and through an interface.
package main

type Node struct {
	v           int
	left, right *Node
}

func (n *Node) Insert(v int) *Node {
	if n == nil {
		return &Node{v: v}
	}
	if v < n.v {
		n.left = n.left.Insert(v)
	} else {
		n.right = n.right.Insert(v)
	}
	return n
}

func (n *Node) Sum() int {
	if n == nil {
		return 0
	}
	return n.v + n.left.Sum() + n.right.Sum()
}

type Summer interface{ Sum() int }

func main() {
	var root *Node
	for _, v := range []int{5, 3, 8, 1, 4, 9} {
		root = root.Insert(v)
	}
	var s Summer = root
	println(root.Sum(), s.Sum())
}

// Output:
// 30 30
