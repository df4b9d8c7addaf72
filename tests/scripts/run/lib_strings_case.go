package main

import (
	"fmt"
	"strings"
)

func main() {
	fmt.Println(strings.ToUpper("hello, wörld ß ǆ"), strings.ToLower("HELLO ÀÉ Σ"), strings.ToTitle("ǆ loud"), strings.Title("hello wide-world o'neil"))
	fmt.Println(strings.ToUpper("abc"), strings.ToLower("ABC"), strings.ToUpper(""), strings.ToLower("MiXeD 123"))
	fmt.Printf("%q %q\n", strings.ToUpper("é\xff"), strings.ToLower("ABC\xffD"))
	fmt.Println(strings.EqualFold("Go", "GO"), strings.EqualFold("straße", "STRASSE"), strings.EqualFold("K", "\u212a"), strings.EqualFold("σ", "ς"), strings.EqualFold("Σ", "ς"), strings.EqualFold("ab", "abc"))
}

// Output:
// HELLO, WÖRLD ß Ǆ hello àé σ ǅ LOUD Hello Wide-World O'Neil
// ABC abc  mixed 123
// "É�" "abc�d"
// true false true true true false
