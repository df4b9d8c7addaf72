// Parallel assignment with elements and fields, and index evaluation
// order.
package main

type P struct {
	A, B string
}

func main() {
	a := []int{1, 2, 3, 4}
	a[0], a[3] = a[3], a[0]
	println(a[0], a[3])
	p := P{"a", "b"}
	p.A, p.B = p.B, p.A
	println(p.A, p.B)
	i := 0
	i, a[i] = 2, 9
	println(i, a[0], a[2])
	m := map[string]int{}
	m["x"], m["y"] = 1, 2
	println(m["x"]+m["y"], len(m))
	var arr [3]string
	arr[1], arr[2] = "q", arr[1]
	println(arr[1], arr[2] == "")
}

// Output:
// 4 1
// b a
// 2 9 3
// 3 2
// q true
