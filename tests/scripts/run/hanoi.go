// Towers of Hanoi: recursion with several parameters.
package main

var moves int

func hanoi(n int, from, to, via string) {
	if n == 0 {
		return
	}
	hanoi(n-1, from, via, to)
	moves++
	if n == 3 {
		println("move 3", from, "->", to)
	}
	hanoi(n-1, via, to, from)
}

func main() {
	hanoi(10, "A", "C", "B")
	println(moves)
}

// Output:
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// move 3 C -> A
// move 3 A -> B
// move 3 B -> C
// 1023
