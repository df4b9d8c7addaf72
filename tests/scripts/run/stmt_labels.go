// Labelled break and continue out of nested for, switch and range.
package main

import "fmt"

func main() {
outer:
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if j == 2 {
				continue outer
			}
			if i == 3 {
				break outer
			}
			fmt.Print(i, j, " ")
		}
	}
	fmt.Println()
loop:
	for _, s := range []string{"a", "stop", "b"} {
		switch s {
		case "stop":
			break loop
		default:
			fmt.Print(s, " ")
		}
	}
	fmt.Println()
	n := 0
rows:
	for _, row := range [][]int{{1, 2}, {3, -1, 4}, {5}} {
		for _, v := range row {
			if v < 0 {
				continue rows
			}
			n += v
		}
	}
	fmt.Println(n)
}

// Output:
// 0 0 0 1 1 0 1 1 2 0 2 1 
// a 
// 11
