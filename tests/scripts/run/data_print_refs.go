// print and println of nil pointers, slices and maps, and of a slice's
// length and capacity.
package main

func main() {
	var p *int
	var s []int
	var m map[string]bool
	println(p, s, m)
	t := make([]int, 2, 5)
	print(len(t), cap(t), "\n")
	println(p == nil, s == nil, m == nil)
}

// Output:
// 0x0 [0/0]0x0 0x0
// 25
// true true true
