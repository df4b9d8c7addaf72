// Pointer stores into heap objects go through the write barrier: a
// linked structure built while the collector runs (GOGC=5) stays intact.
// Env: GOGC=5
package main

type Node struct {
	Left, Right *Node
	Val         int
	Name        string
}

func build(depth, v int) *Node {
	n := &Node{Val: v}
	if depth > 0 {
		n.Left = build(depth-1, 2*v)
		n.Right = build(depth-1, 2*v+1)
	}
	n.Name = string(rune('a' + v%26))
	return n
}

func check(n *Node) int {
	if n == nil {
		return 0
	}
	if n.Name != string(rune('a'+n.Val%26)) {
		return -1000000
	}
	return n.Val + check(n.Left) + check(n.Right)
}

type List struct {
	Next *List
	Data []int
}

func main() {
	total := 0
	var keep *Node
	for round := 0; round < 40; round++ {
		t := build(10, 1)
		total += check(t)
		if round%10 == 0 {
			keep = t
		}
		// a list whose links are rewritten while garbage piles up
		var head *List
		for i := 0; i < 300; i++ {
			l := &List{Data: make([]int, 8)}
			l.Data[7] = i
			l.Next = head
			head = l
		}
		for l := head; l != nil && l.Next != nil; l = l.Next {
			l.Next = l.Next.Next
		}
		for l := head; l != nil; l = l.Next {
			total += l.Data[7] % 3
		}
	}
	println(total, check(keep))
}

// Output:
// 83851120 2096128
