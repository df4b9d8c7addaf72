// String operators: concatenation, comparison, indexing bytes, slicing,
// len, and += in loops.
package main

import "fmt"

func main() {
	a, b := "apple", "apricot"
	fmt.Println(a < b, a > b, a == "app"+"le", a != b, "" < "a", "Z" < "a")
	s := ""
	for i := 0; i < 5; i++ {
		s += string(rune('a' + i))
	}
	fmt.Println(s, len(s), s[1], s[1:3], s[:0] == "", s[4:])
	u := "héllo"
	fmt.Println(len(u), u[1], u[1:3], u[3:])
	x, y := 1, 2
	x, y = y, x
	arr := []int{0, 0, 0}
	i := 0
	i, arr[i] = 2, 9
	fmt.Println(x, y, i, arr)
}

// Output:
// true false true true true true
// abcde 5 98 bc true e
// 6 195 é llo
// 2 1 2 [9 0 0]
