package main

import (
	"fmt"
	"strings"
	"unicode"
)

func main() {
	fmt.Printf("%q\n", strings.Fields("  foo bar\t baz\n\u00a0x\u2003y  "))
	fmt.Printf("%q\n", strings.Fields(""))
	fmt.Printf("%q\n", strings.Fields("   "))
	fmt.Printf("%q\n", strings.FieldsFunc("a1b22c333", unicode.IsDigit))
	f := func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsNumber(c) }
	fmt.Printf("%q\n", strings.FieldsFunc("  foo1;bar2,baz3...", f))
	n := 0
	strings.FieldsFunc("abc de", func(r rune) bool { n++; return r == ' ' })
	fmt.Println(n)
}

// Output:
// ["foo" "bar" "baz" "x" "y"]
// []
// []
// ["a" "b" "c"]
// ["foo1" "bar2" "baz3"]
// 6
