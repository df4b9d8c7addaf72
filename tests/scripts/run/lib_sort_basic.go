package main

import (
	"fmt"
	"sort"
)

func main() {
	xs := []int{5, 2, 8, 1, 9, 3, 2}
	sort.Ints(xs)
	fmt.Println(xs, sort.IntsAreSorted(xs), sort.SearchInts(xs, 8), sort.SearchInts(xs, 4), sort.SearchInts(xs, 100))
	ss := []string{"pear", "apple", "fig", "banana", "Apple", ""}
	sort.Strings(ss)
	fmt.Printf("%q %v %d\n", ss, sort.StringsAreSorted(ss), sort.SearchStrings(ss, "fig"))
	fs := []float64{2.5, -1, 0, 3.25, -7.5}
	sort.Float64s(fs)
	fmt.Println(fs, sort.Float64sAreSorted(fs), sort.SearchFloat64s(fs, 0))
	fmt.Println(sort.IntsAreSorted([]int{3, 1}), sort.IntsAreSorted(nil))
	var empty []int
	sort.Ints(empty)
	fmt.Println(empty, len(empty))
}

// Output:
// [1 2 2 3 5 8 9] true 5 4 7
// ["" "Apple" "apple" "banana" "fig" "pear"] true 4
// [-7.5 -1 0 2.5 3.25] true 2
// false true
// [] 0
