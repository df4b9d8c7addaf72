// Pointers to structs: &T{...}, new(T), auto-dereference of p.f, and
// aliasing through pointers.
package main

type Node struct {
	Val  int
	Next *Node
}

type Acc struct {
	N   int
	Sum float64
}

func add(a *Acc, v float64) {
	a.N++
	a.Sum += v
}

func main() {
	var head *Node
	for i := 1; i <= 5; i++ {
		head = &Node{Val: i * 10, Next: head}
	}
	total := 0
	for n := head; n != nil; n = n.Next {
		total += n.Val
		print(n.Val, " ")
	}
	println()
	println(total)
	a := new(Acc)
	add(a, 1.5)
	add(a, 2.5)
	println(a.N, a.Sum)
	var b Acc
	add(&b, 4)
	pb := &b
	pb2 := pb
	pb2.N += 10
	println(b.N, pb.N, (*pb).Sum)
	c := *pb
	c.N = 0
	println(b.N, c.N)
}

// Output:
// 50 40 30 20 10 
// 150
// 2 +4.000000e+000
// 11 11 +4.000000e+000
// 11 0
