package main

import (
	"fmt"
	"strings"
)

func main() {
	fmt.Println(strings.Replace("oink oink oink", "k", "ky", 2))
	fmt.Println(strings.Replace("oink oink oink", "oink", "moo", -1))
	fmt.Println(strings.ReplaceAll("abc", "", "-"), strings.Replace("héllo", "", "|", 3), strings.Replace("aaa", "a", "a", -1), strings.Replace("abc", "b", "", 0))
	fmt.Println(strings.Join([]string{"x", "y", "z"}, "-"), strings.Join(nil, ","), strings.Join([]string{"one"}, ","))
	fmt.Println(strings.Repeat("ab", 3), strings.Repeat("", 5), strings.Count("cheese", "e"), strings.Count("five", ""))
}

// Output:
// oinky oinky oink
// moo moo moo
// -a-b-c- |h|é|llo aaa abc
// x-y-z  one
// ababab  3 5
