package main

import (
	"fmt"
	"strings"
	"unicode"
)

func main() {
	fmt.Println(strings.Index("chicken", "ken"), strings.Index("chicken", "dmr"), strings.LastIndex("go gopher", "go"), strings.LastIndex("go", ""), strings.IndexByte("golang", 'l'), strings.IndexRune("chicken", 'k'), strings.IndexRune("chicken", 'd'))
	fmt.Println(strings.IndexAny("golang", "xyzn"), strings.IndexAny("golang", ""), strings.LastIndexAny("golang", "go"), strings.LastIndexAny("golang", "xyz"))
	fmt.Println(strings.IndexFunc("Hello, 世界", unicode.IsUpper), strings.IndexFunc("hello, 世界", func(r rune) bool { return r > 127 }), strings.LastIndexFunc("go123", unicode.IsLetter), strings.LastIndexByte("abca", 'a'), strings.LastIndexByte("abc", 'z'))
	fmt.Println(strings.IndexRune("a\xffb", unicode.ReplacementChar), strings.IndexRune("a\uFFFDb", unicode.ReplacementChar), strings.IndexRune("abc", -1), strings.ContainsRune("aardvark", 97), strings.ContainsAny("failure", "ui"), strings.ContainsAny("foo", ""), strings.Contains("seafood", "foo"), strings.Contains("", ""))
	fmt.Println(strings.HasPrefix("golang", "go"), strings.HasSuffix("golang", "ng"), strings.Compare("a", "b"), strings.Compare("b", "a"), strings.Compare("x", "x"))
}

// Output:
// 4 -1 3 2 2 4 -1
// 4 -1 5 -1
// 0 7 1 3 -1
// 1 1 -1 true true false true true
// true true -1 1 0
