// Ranging over a string decodes UTF-8 runes; invalid bytes become
// U+FFFD one byte at a time, and indexes are byte offsets.
package main

import "fmt"

func main() {
	s := "a\xffé\xe2\x82世"
	for i, r := range s {
		fmt.Printf("%d:%U ", i, r)
	}
	fmt.Println()
	fmt.Println(len(s), len([]rune(s)), []byte(s[1:2]))
	for i := range "héllo" {
		fmt.Print(i, " ")
	}
	fmt.Println()
	n := 0
	for range "日本語" {
		n++
	}
	fmt.Println(n, string(rune(0x10FFFF+1)) == "\uFFFD", string([]rune{0x65e5, -1}))
}

// Output:
// 0:U+0061 1:U+FFFD 2:U+00E9 4:U+FFFD 5:U+FFFD 6:U+4E16 
// 9 6 [255]
// 0 1 3 4 5 
// 3 true 日�
