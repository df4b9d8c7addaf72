package main

import (
	"fmt"
	"strings"
)

func main() {
	fmt.Printf("%q\n", strings.Split("a,b,,c", ","))
	fmt.Printf("%q\n", strings.Split("abc", ""))
	fmt.Printf("%q\n", strings.Split("", ","))
	fmt.Printf("%q\n", strings.Split("a b c", " "))
	fmt.Printf("%q\n", strings.SplitN("a,b,c,d", ",", 2))
	fmt.Printf("%q %v\n", strings.SplitN("a,b,c,d", ",", 0), strings.SplitN("a,b", ",", 0) == nil)
	fmt.Printf("%q\n", strings.SplitN("héllo", "", 3))
	fmt.Printf("%q\n", strings.SplitAfter("a,b,c", ","))
	fmt.Printf("%q\n", strings.SplitAfterN("a,b,c", ",", 2))
	parts := strings.Split("x--y--z", "--")
	fmt.Println(len(parts), cap(parts), strings.Join(parts, "+"))
}

// Output:
// ["a" "b" "" "c"]
// ["a" "b" "c"]
// [""]
// ["a" "b" "c"]
// ["a" "b,c,d"]
// [] true
// ["h" "é" "llo"]
// ["a," "b," "c"]
// ["a," "b,c"]
// 3 3 x+y+z
