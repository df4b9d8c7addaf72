package main

import (
	"fmt"
	"strings"
	"unicode"
)

func main() {
	fmt.Printf("[%s] [%s] [%s] [%s] [%s]\n", strings.Trim("  xx hi xx ", " x"), strings.TrimLeft("xxhixx", "x"), strings.TrimRight("xxhixx", "x"), strings.TrimSpace(" \t\n hi there \r\n"), strings.TrimFunc("123abc456", unicode.IsDigit))
	fmt.Printf("[%s] [%s] [%s] [%s]\n", strings.TrimPrefix("prefix-body", "prefix-"), strings.TrimSuffix("body.go", ".go"), strings.TrimLeftFunc("  x ", unicode.IsSpace), strings.TrimRightFunc("  x ", unicode.IsSpace))
	fmt.Printf("[%s] [%s] [%s] [%s]\n", strings.Trim("¡¡¡Hello, Gophers!!!", "!¡"), strings.TrimSpace("\u00a0\u3000 wide \u2003"), strings.Trim("", "x"), strings.Trim("abc", ""))
	fmt.Printf("[%s] %q\n", strings.TrimFunc("    ", unicode.IsSpace), strings.TrimRight("é\xffé", "é"))
}

// Output:
// [hi] [hixx] [xxhi] [hi there] [abc]
// [body] [body] [x ] [  x]
// [Hello, Gophers] [wide] [] [abc]
// [] "é\xff"
