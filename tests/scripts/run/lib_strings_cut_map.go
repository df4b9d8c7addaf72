package main

import (
	"fmt"
	"strings"
	"unicode"
)

func main() {
	before, after, found := strings.Cut("key=value=x", "=")
	fmt.Println(before, after, found)
	before, after, found = strings.Cut("novalue", "=")
	fmt.Printf("%q %q %v\n", before, after, found)
	fmt.Println(strings.Map(func(r rune) rune {
		if r == 'a' {
			return -1
		}
		return unicode.ToUpper(r)
	}, "banana split"))
	rot13 := func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z':
			return 'A' + (r-'A'+13)%26
		case r >= 'a' && r <= 'z':
			return 'a' + (r-'a'+13)%26
		}
		return r
	}
	fmt.Println(strings.Map(rot13, "'Twas brillig and the slithy gopher..."))
	fmt.Printf("%q %q\n", strings.Map(func(r rune) rune { return r }, "a\xffb"), strings.Map(func(r rune) rune { return r + 1 }, "a\xffb"))
	fmt.Printf("%q %q\n", strings.ToValidUTF8("a\xff\xfeb\xffc", "?"), strings.Clone("c"))
}

// Output:
// key value=x true
// "novalue" "" false
// BNN SPLIT
// 'Gjnf oevyyvt naq gur fyvgul tbcure...
// "a�b" "b\ufffec"
// "a?b?c" "c"
